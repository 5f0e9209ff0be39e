package dev.replykb.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The detector asks Lingua nothing about a text without a Latin, Cyrillic or Arabic letter: Lingua
 * would find none of its languages in it. Checked against Lingua itself.
 */
class LanguageDetectorScriptsTest {
  private static final com.github.pemistahl.lingua.api.LanguageDetector LINGUA =
      LanguageDetector.lingua();

  /** Characters of scripts none of the shared-script languages writes in, and non-letters. */
  private static final String OTHER =
      "物流延迟退款包裹荷物が届きませんカタカナ배송지연환불ส่งของΑλφαβητο" + "0123456789 ,.!?。、！？「」—…😀🎁$%@#";

  private static final String SHARED = "abcxyzäöüßéèñçłőřşțđабвгджыїєґضصثقفغعه";

  @Test
  void textsWithoutSharedScriptLettersGetNothingFromLingua() {
    Random random = new Random(7);
    int[] other = OTHER.codePoints().toArray();
    for (int n = 0; n < 300; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = 1 + random.nextInt(20); i > 0; i--) {
        text.appendCodePoint(other[random.nextInt(other.length)]);
      }
      String t = text.toString();
      assertFalse(LanguageDetector.hasSharedScriptLetter(t), t);
      assertEquals(Map.of(), LINGUA.computeLanguageConfidenceValues(t), t);
    }
  }

  @Test
  void anyLatinCyrillicOrArabicLetterCounts() {
    SHARED
        .codePoints()
        .forEach(
            c -> {
              String t = "物流" + new String(Character.toChars(c)) + "延迟";
              assertTrue(LanguageDetector.hasSharedScriptLetter(t), t);
            });
    assertFalse(
        LanguageDetector.hasSharedScriptLetter("１２３ ！"), "full-width digits are not letters");
    assertTrue(
        LanguageDetector.hasSharedScriptLetter("ｒｅｆｕｎｄ"), "full-width Latin letters are Latin");
  }

  @Test
  void plausibilityOfAChineseQueryIsEmptyAsBefore() {
    LanguageDetector detector = new LanguageDetector(Map.of("en", java.util.Set.of("refund")));
    assertEquals(Map.of(), detector.plausibility("物流延迟 退款"));
    assertTrue(detector.plausibility("refund please").get("en") > 0);
  }
}
