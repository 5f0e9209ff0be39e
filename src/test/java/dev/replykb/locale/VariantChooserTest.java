package dev.replykb.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ibm.icu.util.ULocale;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariantChooserTest {
  private static final VariantChooser CHOOSER =
      new VariantChooser(ULocale.ENGLISH, ULocale.ENGLISH, true);

  private static List<ULocale> locales(String tags) {
    return Arrays.stream(tags.split(" ")).map(ULocale::forLanguageTag).toList();
  }

  /**
   * available | wanted (tag or Accept-Language list) | variant served | locale reported | fallback
   * | converted from.
   */
  @ParameterizedTest(name = "{1} over [{0}] -> {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # region falls back to the language
          en de ja          | de-AT                         | de      | de      | false | -
          en de ja          | de-CH                         | de      | de      | false | -
          en es             | es-419                        | es      | es      | false | -
          en es             | es-MX                         | es      | es      | false | -
          en fr             | fr-CA                         | fr      | fr      | false | -
          en ar             | ar-EG                         | ar      | ar      | false | -
          en ru             | ru-BY                         | ru      | ru      | false | -
          # a regional variant serves its neighbours when it is all there is
          en pt-BR          | pt-PT                         | pt-BR   | pt-BR   | false | -
          en pt-BR          | pt                            | pt-BR   | pt-BR   | false | -
          # the closest region wins when there are several
          en es es-MX       | es-AR                         | es-MX   | es-MX   | false | -
          en es es-MX       | es-ES                         | es      | es      | false | -
          en en-GB          | en-AU                         | en-GB   | en-GB   | false | -
          # Chinese goes by script, never by region alone
          en zh-Hans zh-Hant | zh-TW                        | zh-Hant | zh-Hant | false | -
          en zh-Hans zh-Hant | zh-HK                        | zh-Hant | zh-Hant | false | -
          en zh-Hans zh-Hant | zh-MO                        | zh-Hant | zh-Hant | false | -
          en zh-Hans zh-Hant | zh-Hant-TW                   | zh-Hant | zh-Hant | false | -
          en zh-Hans zh-Hant | zh-CN                        | zh-Hans | zh-Hans | false | -
          en zh-Hans zh-Hant | zh-SG                        | zh-Hans | zh-Hans | false | -
          en zh-Hans zh-Hant | zh                           | zh-Hans | zh-Hans | false | -
          en zh-Hans zh-Hant | zh-Hans-CN                   | zh-Hans | zh-Hans | false | -
          # a missing script is converted rather than replaced by English
          en zh-Hans        | zh-TW                         | zh-Hans | zh-Hant | false | zh-Hans
          en zh-Hans        | zh-HK                         | zh-Hans | zh-Hant | false | zh-Hans
          en zh-Hant        | zh-CN                         | zh-Hant | zh-Hans | false | zh-Hant
          en zh-Hant        | zh                            | zh-Hant | zh-Hans | false | zh-Hant
          # no variant in the language: the fallback locale, flagged
          en de             | sw                            | en      | en      | true  | -
          en de             | th                            | en      | en      | true  | -
          en de             | fr-FR                         | en      | en      | true  | -
          en ja             | zh-TW                         | en      | en      | true  | -
          # the fallback locale asked for is not a fallback
          en de             | en-US                         | en      | en      | false | -
          # Accept-Language lists: the first entry that can be served wins
          en fr             | fr-CA,fr;q=0.9,en;q=0.5       | fr      | fr      | false | -
          en de             | ru-RU,ru;q=0.9,de;q=0.7,en;q=0.3 | de   | de      | false | -
          en fr es          | es-ES,es;q=0.9,fr;q=0.8       | es      | es      | false | -
          en fr             | es-ES,es;q=0.9,fr;q=0.8       | fr      | fr      | false | -
          en fr             | en;q=0.5,fr                   | fr      | fr      | false | -
          en de             | pt-BR,pt;q=0.9                | en      | en      | true  | -
          en zh-Hans        | zh-TW,en;q=0.8                | zh-Hans | zh-Hant | false | zh-Hans
          en de             | fr;q=0,de                     | de      | de      | false | -
          # a template without the fallback locale falls back to what it has
          de ja             | sw                            | de      | de      | true  | -
          """)
  void choosesTheVariantThatFits(
      String available,
      String wanted,
      String variant,
      String served,
      boolean fallback,
      String convertedFrom) {
    VariantChoice choice = CHOOSER.choose(locales(available), LocalePreferences.parse(wanted));
    assertEquals(variant, choice.variant().toLanguageTag(), "variant");
    assertEquals(served, choice.served().toLanguageTag(), "served");
    assertEquals(fallback, choice.fallback(), "fallback");
    assertEquals(
        convertedFrom,
        choice.convertedFrom() == null ? null : choice.convertedFrom().toLanguageTag(),
        "convertedFrom");
  }

  @Test
  void neverServesSimplifiedToATaiwanBuyerWhileTraditionalExists() {
    // Whatever the order of the variants, zh-Hant wins for zh-TW.
    for (String order : List.of("zh-Hans zh-Hant en", "zh-Hant zh-Hans en", "en zh-Hans zh-Hant")) {
      VariantChoice choice = CHOOSER.choose(locales(order), LocalePreferences.parse("zh-TW"));
      assertEquals("zh-Hant", choice.variant().toLanguageTag(), order);
    }
  }

  @Test
  void withoutConversionAMissingScriptFallsBack() {
    VariantChooser noConversion = new VariantChooser(ULocale.ENGLISH, ULocale.ENGLISH, false);
    VariantChoice choice =
        noConversion.choose(locales("en zh-Hans"), LocalePreferences.parse("zh-TW"));
    assertEquals("en", choice.served().toLanguageTag());
    assertEquals(true, choice.fallback());
  }

  @Test
  void withoutPreferencesTheFallbackLocaleIsWanted() {
    VariantChoice choice = CHOOSER.choose(locales("de en"), new LocalePreferences(List.of()));
    assertEquals("en", choice.served().toLanguageTag());
    assertEquals("en", choice.requested().toLanguageTag());
    assertEquals(false, choice.fallback());
  }

  @Test
  void theFallbackLocaleIsTheCatalogsNotTheFirstVariant() {
    // ICU silently defaults to the first supported locale unless told otherwise.
    VariantChooser germanFallback = new VariantChooser(ULocale.GERMAN, ULocale.ENGLISH, true);
    VariantChoice choice =
        germanFallback.choose(locales("ar de en"), LocalePreferences.parse("th"));
    assertEquals("de", choice.served().toLanguageTag());
    assertEquals(true, choice.fallback());
  }

  @Test
  void reportsTheFirstWantedLocaleAsRequested() {
    VariantChoice choice =
        CHOOSER.choose(locales("en de"), LocalePreferences.parse("fr-CA,de;q=0.5"));
    assertEquals("fr-CA", choice.requested().toLanguageTag());
    assertEquals("de", choice.served().toLanguageTag());
  }
}
