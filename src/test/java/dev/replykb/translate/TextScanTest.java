package dev.replykb.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written scans find what the regular expressions they replace found, where they did. */
class TextScanTest {
  private static final Pattern REPEATED_WORD =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}])(\\p{L}{2,})\\s+\\1(?![\\p{L}\\p{N}])",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern DOUBLE_SPACE = Pattern.compile("(?<=\\S) {2,}(?=\\S)");
  private static final Pattern TRAILING_SPACE = Pattern.compile("[ \\t]+$", Pattern.MULTILINE);
  private static final Pattern CJK = Pattern.compile("[，。！？：；「」『』【】、]");

  /** Pieces that make the interesting cases likely: words, their other case, every space. */
  private static final String[] PIECES = {
    "the", "The", "THE", "a", "de", "De", "straße", "STRASSE", "été", "ÉTÉ", "ß", "ǅ", "ǆ", "Ǆ",
    "ı", "I", "i", "İ", "2", "x2", "½", "Ⅻ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u0085",
    "\u2028", "\u000B", "\f", "\u00A0", ",", ".", "{n}", "'", "物流", "。", "「", "、", "𝐀𝐁", "𝐀𝐁",
    "e\u0301", "ab"
  };

  @Test
  void aLetterOutsideTheBasicPlaneIsPartOfItsWord() {
    assertEquals(List.of(), TextScan.repeatedWords("\uD835\uDC00\uD835\uDC01The the"));
    assertEquals(
        List.of(new TextScan.Repeat(0, 11, "\uD835\uDC00\uD835\uDC01a")),
        TextScan.repeatedWords("\uD835\uDC00\uD835\uDC01a \uD835\uDC00\uD835\uDC01a"));
  }

  @Test
  void everyScanAgreesWithItsExpressionOnRandomTexts() {
    Random random = new Random(11);
    for (int round = 0; round < 30_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(12); k >= 0; k--) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      check(text.toString());
    }
    for (String text :
        List.of(
            "",
            "the the",
            "the  the end",
            "the thee",
            "Hello hello, world",
            "line  \nnext",
            "end \t",
            "a  b",
            "  lead",
            "tail  ",
            "a \u00A0 b",
            "you you you",
            "ǅa ǆa",
            "请稍等。谢谢")) {
      check(text);
    }
  }

  private static void check(String text) {
    Matcher trailing = TRAILING_SPACE.matcher(text);
    assertEquals(trailing.find() ? trailing.start() : -1, TextScan.trailingSpace(text), show(text));
    Matcher doubled = DOUBLE_SPACE.matcher(text);
    assertEquals(doubled.find() ? doubled.start() : -1, TextScan.doubledSpace(text), show(text));
    Matcher cjk = CJK.matcher(text);
    assertEquals(cjk.find() ? cjk.start() : -1, TextScan.anyOf(text, "，。！？：；「」『』【】、"), show(text));
    if (text.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
      // The expression looked one char back, so it saw a word start after a letter outside the
      // BMP (the second half of its surrogate pair is no letter); the scan reads code points.
      return;
    }
    List<TextScan.Repeat> expected = new ArrayList<>();
    Matcher repeated = REPEATED_WORD.matcher(text);
    while (repeated.find()) {
      expected.add(new TextScan.Repeat(repeated.start(), repeated.end(), repeated.group(1)));
    }
    assertEquals(expected, TextScan.repeatedWords(text), show(text));
  }

  private static String show(String text) {
    StringBuilder shown = new StringBuilder("'");
    text.codePoints()
        .forEach(
            c ->
                shown.append(
                    c < 0x20 || c > 0x7E
                        ? String.format(java.util.Locale.ROOT, "\\u%04X", c)
                        : String.valueOf((char) c)));
    return shown.append("'").toString();
  }
}
