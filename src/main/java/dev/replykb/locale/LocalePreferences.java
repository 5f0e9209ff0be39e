package dev.replykb.locale;

import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The locales a buyer reads, most wanted first: from a single tag ({@code de-AT}) or an
 * Accept-Language style list ({@code fr-CA,fr;q=0.9,en;q=0.5}).
 *
 * <p>Entries are ordered by q-value, highest first, keeping their written order among equals;
 * entries with {@code q=0} and the wildcard {@code *} are dropped.
 */
public record LocalePreferences(List<ULocale> locales) {
  static final int MAX_ENTRIES = 32;
  static final int MAX_LENGTH = 1024;

  public LocalePreferences {
    locales = List.copyOf(locales);
  }

  /**
   * Parses a {@code locale} parameter strictly.
   *
   * @throws IllegalArgumentException quoting the first bad entry
   */
  public static LocalePreferences parse(String value) {
    return parse(value, true);
  }

  /**
   * Parses an {@code Accept-Language} header leniently: a browser's header is not the agent's
   * mistake, so unusable entries are skipped rather than refused.
   */
  public static LocalePreferences parseHeader(String header) {
    if (header == null || header.isBlank() || header.length() > MAX_LENGTH) {
      return new LocalePreferences(List.of());
    }
    return parse(header, false);
  }

  private static LocalePreferences parse(String value, boolean strict) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("locale is empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("locale is longer than " + MAX_LENGTH + " characters");
    }
    record Entry(ULocale locale, double q, int position) {}
    List<Entry> entries = new ArrayList<>();
    String[] items = value.split(",", -1);
    if (items.length > MAX_ENTRIES && strict) {
      throw new IllegalArgumentException("locale lists at most " + MAX_ENTRIES + " languages");
    }
    for (int i = 0; i < items.length && i < MAX_ENTRIES; i++) {
      String item = items[i].strip();
      try {
        if (item.isEmpty()) {
          throw new IllegalArgumentException("locale list '" + value + "' has an empty entry");
        }
        String[] parts = item.split(";", -1);
        double q = 1.0;
        for (int p = 1; p < parts.length; p++) {
          q = parseQ(parts[p].strip(), item);
        }
        String tag = parts[0].strip();
        if (tag.equals("*")) {
          continue; // "any language": the fallback covers it
        }
        if (q > 0) {
          entries.add(new Entry(LocaleTags.parse(tag), q, i));
        }
      } catch (IllegalArgumentException e) {
        if (strict) {
          throw e;
        }
      }
    }
    entries.sort(Comparator.comparingDouble(Entry::q).reversed().thenComparingInt(Entry::position));
    return new LocalePreferences(entries.stream().map(Entry::locale).distinct().toList());
  }

  private static double parseQ(String parameter, String item) {
    String lower = parameter.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("q=")) {
      throw new IllegalArgumentException(
          "'" + item + "' has an unknown parameter; only ;q=0.0 to ;q=1 is allowed");
    }
    String number = lower.substring(2);
    if (!number.matches("(0(\\.[0-9]{0,3})?|1(\\.0{0,3})?)")) {
      throw new IllegalArgumentException(
          "'" + item + "' has q='" + number + "'; q must be between 0 and 1, like q=0.8");
    }
    return Double.parseDouble(number);
  }

  public boolean isEmpty() {
    return locales.isEmpty();
  }

  /** The most wanted locale, or null when there is none. */
  public ULocale first() {
    return locales.isEmpty() ? null : locales.get(0);
  }
}
