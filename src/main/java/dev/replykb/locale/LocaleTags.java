package dev.replykb.locale;

import com.ibm.icu.util.ULocale;
import java.util.Arrays;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parsing and printing of BCP 47 language tags, strictly.
 *
 * <p>Tags are parsed with {@link Locale.Builder}, which rejects ill-formed input such as {@code
 * zh_CN} or {@code en--US} instead of guessing, and printed with {@code toLanguageTag()}: never
 * with {@code Locale#toString()} and never through the default locale.
 */
public final class LocaleTags {
  /** Longest tag accepted: generous for real tags, small enough to quote in an error message. */
  static final int MAX_TAG_LENGTH = 64;

  private static final Set<String> LANGUAGES =
      Arrays.stream(ULocale.getISOLanguages()).collect(Collectors.toUnmodifiableSet());

  private LocaleTags() {}

  /**
   * Parses one well-formed BCP 47 tag of a known language.
   *
   * @throws IllegalArgumentException quoting the tag when it is ill-formed or names no language
   */
  public static ULocale parse(String tag) {
    if (tag == null || tag.isBlank()) {
      throw new IllegalArgumentException("locale tag is empty");
    }
    String trimmed = tag.strip();
    if (trimmed.length() > MAX_TAG_LENGTH) {
      throw new IllegalArgumentException(
          "locale tag '" + trimmed.substring(0, 20) + "...' is longer than " + MAX_TAG_LENGTH);
    }
    Locale locale;
    try {
      locale = new Locale.Builder().setLanguageTag(trimmed).build();
    } catch (IllformedLocaleException e) {
      throw new IllegalArgumentException(
          "'" + trimmed + "' is not a valid BCP 47 locale tag (for example de, zh-TW, pt-BR)", e);
    }
    // "und" (undetermined) is well-formed but names no language: ICU reads it as the root locale.
    if (locale.getLanguage().isEmpty()
        || locale.getLanguage().equals("und")
        || !LANGUAGES.contains(locale.getLanguage())) {
      throw new IllegalArgumentException(
          "'" + trimmed + "' does not name a known language (for example de, zh-TW, pt-BR)");
    }
    return ULocale.forLocale(locale);
  }

  /** The canonical spelling of a tag: {@code zh-hant-tw} becomes {@code zh-Hant-TW}. */
  public static String canonical(ULocale locale) {
    return locale.toLanguageTag();
  }

  /**
   * The likely full form of a locale: {@code zh-TW} becomes {@code zh-Hant-TW}, {@code de}
   * de-Latn-DE.
   */
  public static ULocale maximize(ULocale locale) {
    ULocale known = MAXIMIZED.get(locale);
    if (known != null) {
      return known;
    }
    ULocale maximized = ULocale.addLikelySubtags(locale);
    if (MAXIMIZED.size() >= MAX_MAXIMIZED) {
      MAXIMIZED.clear(); // buyers' locales come from requests: bounded
    }
    MAXIMIZED.put(locale, maximized);
    return maximized;
  }

  /**
   * Locales maximized so far: serving a reply maximizes the buyer's locale and the variant's, and
   * ICU parses and looks up likely subtags anew each time (a few per cent of a search).
   */
  private static final java.util.concurrent.ConcurrentHashMap<ULocale, ULocale> MAXIMIZED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_MAXIMIZED = 4096;
}
