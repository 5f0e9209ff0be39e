package dev.replykb.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.ibm.icu.util.ULocale;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the parsers of a {@code locale} parameter: a tag ({@link LocaleTags#parse}), a strict list
 * ({@link LocalePreferences#parse}) and a lenient header ({@link LocalePreferences#parseHeader}).
 * Each returns a value or throws {@link IllegalArgumentException} with a message, nothing else, and
 * a parsed tag's canonical spelling is a fixed point.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the seeds in {@code
 * src/test/resources/dev/replykb/locale/LocaleParsersFuzzTestInputs/<method>/}; {@code bin/fuzz}
 * fuzzes it.
 */
class LocaleParsersFuzzTest {

  @FuzzTest(maxDuration = "20s")
  // Per input: JUnit times each seed out, Jazzer gives the timeout to libFuzzer as -timeout
  // (bin/fuzz turns JUnit's off, which would otherwise time the whole fuzzing run).
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void localeValuesParseOrAreRefusedWithAMessage(FuzzedDataProvider data) {
    String value = data.consumeRemainingAsString();

    ULocale tag = parseOrRefuse(() -> LocaleTags.parse(value));
    if (tag != null) {
      assertCanonicalIsAFixedPoint(tag);
    }

    LocalePreferences list = parseOrRefuse(() -> LocalePreferences.parse(value));
    if (list != null) {
      checkPreferences(list);
      // A single tag that parses is a list of that one locale.
      if (tag != null) {
        assertEquals(List.of(tag), list.locales(), value);
      }
    }

    // A browser's header is never refused: what is unusable in it is skipped.
    LocalePreferences header = LocalePreferences.parseHeader(value);
    assertNotNull(header);
    checkPreferences(header);
    if (list != null) {
      assertEquals(list, header, () -> "a valid list is read the same as a header: " + value);
    }
  }

  /**
   * The value {@code parser} returns, or null when it refused with a message; anything else fails.
   */
  private static <T> T parseOrRefuse(Parser<T> parser) {
    T parsed;
    try {
      parsed = parser.parse();
    } catch (IllegalArgumentException e) {
      assertNotNull(e.getMessage(), "a refusal must say why");
      assertFalse(e.getMessage().isBlank(), "a refusal must say why");
      return null;
    }
    assertNotNull(parsed, "a parser returns a value or refuses");
    return parsed;
  }

  private interface Parser<T> {
    T parse();
  }

  /**
   * The canonical tag of a parsed locale parses again, to the same canonical tag and the same
   * locale. (Only up to the order of variants: ICU keeps {@code sl-rozaj-biske} as written but
   * prints its variants sorted, {@code sl-biske-rozaj}, so the two spellings are two values.)
   */
  private static void assertCanonicalIsAFixedPoint(ULocale locale) {
    String canonical = LocaleTags.canonical(locale);
    ULocale again = LocaleTags.parse(canonical);
    assertEquals(canonical, LocaleTags.canonical(again), () -> "re-parsing " + canonical);
    assertEquals(locale.getLanguage(), again.getLanguage(), canonical);
    assertEquals(locale.getScript(), again.getScript(), canonical);
    assertEquals(locale.getCountry(), again.getCountry(), canonical);
    assertEquals(
        new HashSet<>(List.of(locale.getVariant().split("_"))),
        new HashSet<>(List.of(again.getVariant().split("_"))),
        canonical);
    if (!locale.getVariant().contains("_")) {
      assertEquals(locale, again, canonical);
    }
  }

  private static void checkPreferences(LocalePreferences preferences) {
    List<ULocale> locales = preferences.locales();
    assertTrue(locales.size() <= LocalePreferences.MAX_ENTRIES, locales::toString);
    assertEquals(locales.size(), new HashSet<>(locales).size(), () -> "duplicates: " + locales);
    assertEquals(locales.isEmpty(), preferences.isEmpty());
    assertEquals(locales.isEmpty() ? null : locales.get(0), preferences.first());
    for (ULocale locale : locales) {
      assertNotNull(locale);
      assertFalse(locale.getLanguage().isEmpty(), locale::toString);
      assertCanonicalIsAFixedPoint(locale);
    }
  }
}
