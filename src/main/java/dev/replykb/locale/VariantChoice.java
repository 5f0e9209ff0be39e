package dev.replykb.locale;

import com.ibm.icu.util.ULocale;

/**
 * Which variant to serve a buyer, and in which locale.
 *
 * @param variant the locale of the variant file to serve
 * @param served the locale of the text the buyer gets: {@code variant}, or the other Chinese script
 *     when the text is converted
 * @param requested the buyer's most wanted locale
 * @param fallback true when the text is in none of the buyer's languages
 * @param convertedFrom the variant a script conversion starts from, or null
 */
public record VariantChoice(
    ULocale variant, ULocale served, ULocale requested, boolean fallback, ULocale convertedFrom) {

  public boolean isConverted() {
    return convertedFrom != null;
  }
}
