package dev.replykb.locale;

import com.ibm.icu.util.ULocale;
import java.util.List;

/**
 * The locales to serve a buyer, from what a request says: a {@code locale} value (a tag, an
 * Accept-Language list, or {@code auto} for the language of the query itself), else the request's
 * Accept-Language header, else nothing (the catalog's fallback locale applies).
 *
 * @param detected the language detected for {@code auto}, or null
 */
public record BuyerLocale(LocalePreferences preferences, ULocale detected, boolean auto) {
  public static final String AUTO = "auto";

  /**
   * Resolves a request's locale.
   *
   * @throws IllegalArgumentException for a {@code locale} value that is neither a tag, a list nor
   *     {@code auto}
   */
  public static BuyerLocale resolve(
      String locale, String acceptLanguage, String text, LanguageDetector detector) {
    if (locale != null && locale.strip().equalsIgnoreCase(AUTO)) {
      ULocale detected = detector.detect(text).orElse(null);
      return new BuyerLocale(
          new LocalePreferences(detected == null ? List.of() : List.of(detected)), detected, true);
    }
    if (locale != null) {
      return new BuyerLocale(LocalePreferences.parse(locale), null, false);
    }
    return new BuyerLocale(LocalePreferences.parseHeader(acceptLanguage), null, false);
  }
}
