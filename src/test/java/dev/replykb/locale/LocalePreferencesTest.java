package dev.replykb.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalePreferencesTest {
  private static List<String> tags(LocalePreferences preferences) {
    return preferences.locales().stream().map(ULocale::toLanguageTag).toList();
  }

  @Test
  void aSingleTagIsAListOfOne() {
    assertEquals(List.of("de-AT"), tags(LocalePreferences.parse("de-AT")));
  }

  @Test
  void normalisesTheCaseOfTags() {
    assertEquals(List.of("zh-Hant-TW"), tags(LocalePreferences.parse("ZH-hant-tw")));
  }

  @Test
  void sortsByQualityAndKeepsWrittenOrderAmongEquals() {
    assertEquals(
        List.of("de", "fr", "en", "es"),
        tags(LocalePreferences.parse("en;q=0.5, de, es;q=0.1, fr")));
  }

  @Test
  void dropsZeroQualityAndTheWildcard() {
    assertEquals(List.of("de"), tags(LocalePreferences.parse("fr;q=0, de;q=0.8, *;q=0.1")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"zh_CN", "auto", "en;q=2", "en;q=abc", "en;level=1", "de,,fr", "123", "en-", "xx"})
  void rejectsWhatIsNotATagOrAList(String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalePreferences.parse(value));
    assertTrue(e.getMessage().contains("'"), e.getMessage()); // quotes the bad part
  }

  @Test
  void rejectsOverlongValues() {
    assertThrows(IllegalArgumentException.class, () -> LocalePreferences.parse("de,".repeat(400)));
  }

  @Test
  void aBrowserHeaderIsReadLenientlySkippingBadEntries() {
    assertEquals(
        List.of("de", "en"), tags(LocalePreferences.parseHeader("de-DE_bad, de;q=0.9, en;q=0.5")));
    assertEquals(List.of(), tags(LocalePreferences.parseHeader(null)));
    assertEquals(List.of(), tags(LocalePreferences.parseHeader("!!!")));
  }
}
