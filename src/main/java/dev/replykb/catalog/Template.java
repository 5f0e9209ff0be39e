package dev.replykb.catalog;

import com.ibm.icu.util.ULocale;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One reply in all the languages it has been written in.
 *
 * <p>Immutable; variants are keyed by their locale tag in tag order.
 */
public final class Template {
  private final TemplateId id;
  private final Channel channel;
  private final String shortcut;
  private final SortedMap<String, Variant> variants;
  private final List<ULocale> locales;

  Template(TemplateId id, Channel channel, String shortcut, SortedMap<String, Variant> variants) {
    this.id = id;
    this.channel = channel;
    this.shortcut = shortcut;
    this.variants = Collections.unmodifiableSortedMap(new TreeMap<>(variants));
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

  public SortedMap<String, Variant> variants() {
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
