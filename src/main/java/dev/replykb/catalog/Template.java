package dev.replykb.catalog;

import com.ibm.icu.util.ULocale;
import it.unimi.dsi.fastutil.objects.Object2ObjectArrayMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectMaps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One reply in all the languages it has been written in.
 *
 * <p>Immutable; variants are keyed by their locale tag in tag order. A template has a handful of
 * variants and a large catalog a million: they are kept in two arrays (fastutil's array map, found
 * by a scan of at most a few dozen tags), not a tree map's entry per variant.
 */
public final class Template {
  private final TemplateId id;
  private final Channel channel;
  private final String shortcut;
  private final Map<String, Variant> variants;
  private final List<ULocale> locales;

  Template(TemplateId id, Channel channel, String shortcut, SortedMap<String, Variant> variants) {
    this.id = id;
    this.channel = channel;
    this.shortcut = shortcut;
    // The map's order is its arrays' order: that of the sorted map given.
    String[] tags = variants.keySet().toArray(new String[0]);
    for (int i = 0; i < tags.length; i++) {
      tags[i] = Variant.sharedTag(tags[i]); // not a copy of "de" per template
    }
    this.variants =
        Object2ObjectMaps.unmodifiable(
            new Object2ObjectArrayMap<>(tags, variants.values().toArray(new Variant[0])));
    this.locales = this.variants.values().stream().map(Variant::locale).toList();
  }

  public TemplateId id() {
    return id;
  }

  public Channel channel() {
    return channel;
  }

  /** The shortcut such as {@code /delay}, or null. */
  public String shortcut() {
    return shortcut;
  }

  /** The variants by locale tag, in tag order. */
  public Map<String, Variant> variants() {
    return variants;
  }

  /** The locales this template has a variant in, in tag order. */
  public List<ULocale> locales() {
    return locales;
  }

  public Optional<Variant> variant(String localeTag) {
    return Optional.ofNullable(variants.get(localeTag));
  }
}
