package dev.replykb.catalog;

import com.ibm.icu.util.ULocale;
import java.util.Objects;

/**
 * What {@code catalog.yaml} says.
 *
 * @param sourceLocale the locale translators translate from
 * @param fallbackLocale served when a template has no variant for the buyer's language
 * @param scriptConversion whether Simplified Chinese may be served converted to Traditional script
 *     (and back) when a template lacks the script the buyer reads
 */
public record CatalogSettings(
    ULocale sourceLocale, ULocale fallbackLocale, boolean scriptConversion) {

  public static final CatalogSettings DEFAULTS =
      new CatalogSettings(ULocale.ENGLISH, ULocale.ENGLISH, true);

  public CatalogSettings {
    Objects.requireNonNull(sourceLocale, "sourceLocale");
    Objects.requireNonNull(fallbackLocale, "fallbackLocale");
  }
}
