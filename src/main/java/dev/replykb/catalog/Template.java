package dev.replykb.catalog;

import com.ibm.icu.util.ULocale;
import it.unimi.dsi.fastutil.objects.Object2ObjectArrayMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectMaps;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * @param variants in locale tag order (stably sorted: of two with the same tag, the later one is
   *     kept, as a map would keep it); no tree map per template, a million variants assemble
   *     without one
   */
  Template(TemplateId id, Channel channel, String shortcut, List<Variant> variants) {
    this.id = id;
    this.channel = channel;
    this.shortcut = shortcut;
    String[] tags = new String[variants.size()];
    Variant[] values = new Variant[variants.size()];
    ULocale[] locales = new ULocale[variants.size()];
    int n = 0;
    for (Variant v : variants) {
      String tag = v.localeTag(); // one shared string per locale, not a copy of "de" per template
      if (n > 0 && tags[n - 1].equals(tag)) {
        n--;
      } else if (n > 0 && tags[n - 1].compareTo(tag) > 0) {
        throw new IllegalArgumentException(
            "variants out of tag order: " + tags[n - 1] + ", " + tag);
      }
      tags[n] = tag;
      values[n] = v;
      locales[n] = v.locale();
      n++;
    }
    if (n < tags.length) {
      tags = java.util.Arrays.copyOf(tags, n);
      values = java.util.Arrays.copyOf(values, n);
      locales = java.util.Arrays.copyOf(locales, n);
    }
    this.variants = Object2ObjectMaps.unmodifiable(new Object2ObjectArrayMap<>(tags, values));
    this.locales = List.of(locales);
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
