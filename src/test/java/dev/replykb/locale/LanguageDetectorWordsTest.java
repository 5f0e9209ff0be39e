package dev.replykb.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageDetectorWordsTest {
  @Test
  void wordsAreFoldedAlikeWhetherPlainAsciiOrNot() {
    // ASCII words take a shortcut; the result must be what the full normalization gives
    assertEquals("refund", LanguageDetector.fold("REFUND"));
    assertEquals("refund", LanguageDetector.fold("Refund"));
    assertEquals("rucksendung", LanguageDetector.fold("Rücksendung"));
    assertEquals("ete", LanguageDetector.fold("ÉTÉ"));
    assertEquals("file", LanguageDetector.fold("ﬁle"), "a ligature is two letters");
    assertEquals("strasse", LanguageDetector.fold("STRASSE"));
    assertEquals("strasse", LanguageDetector.fold("straße"), "case folding expands ß");
    assertEquals("refund", LanguageDetector.fold("ｒｅｆｕｎｄ"), "full-width letters fold to ASCII");
  }

  @Test
  void wordsAreLetterRunsOfAnyScript() {
    assertEquals(
        List.of("wo", "ist", "mein", "paket", "dov", "e", "il", "mio", "pacco"),
        LanguageDetector.words("Wo ist mein Paket? 12 — Dov'è il mio pacco"));
  }
}
