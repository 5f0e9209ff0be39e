package dev.replykb.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.pemistahl.lingua.api.Language;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The n-gram table answers what Lingua answers, to the bit, on every line of the bundled catalog,
 * every held-out query, and texts made to reach its edges: rules that settle a language alone,
 * letters only some languages have, n-grams no model has, texts too short to score.
 */
class NgramModelsTest {
  private static final com.github.pemistahl.lingua.api.LanguageDetector LINGUA =
      LanguageDetector.lingua();

  private static final NgramModels TABLE = NgramModels.of(LanguageDetector.SHARED_SCRIPT_LANGUAGES);

  private static void sameAsLingua(String text) {
    Map<Language, Double> lingua = new HashMap<>(LINGUA.computeLanguageConfidenceValues(text));
    assertEquals(lingua, TABLE.confidenceValues(LINGUA, text), text);
  }

  @Test
  void everyLineOfTheCatalogAndEveryQueryScoresAsInLingua() throws IOException {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("templates"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".md")).toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            texts.add(line);
          }
        }
      }
    }
    for (String line :
        Files.readAllLines(
            Path.of("src/test/resources/eval/bundled-queries.tsv"), StandardCharsets.UTF_8)) {
      texts.add(line.split("\t")[0]);
    }
    assertTrue(texts.size() > 4_000, "the catalog's lines: " + texts.size());
    int scored = 0;
    for (String text : texts) {
      sameAsLingua(text);
      if (LINGUA.computeLanguageConfidenceValues(text).size() > 1) {
        scored++;
      }
    }
    // Most of them went through the sums, not only through Lingua's rules.
    assertTrue(scored > texts.size() / 3, scored + " of " + texts.size() + " scored");
  }

  @Test
  void edgesScoreAsInLingua() {
    for (String text :
        List.of(
            "",
            "   ",
            "1234 56,78!",
            "a",
            "ok",
            "abc",
            "ß",
            "straße",
            "qqq xxx zzz",
            "zzxqj wvkpq",
            "ñandú",
            "żółć",
            "łódź",
            "ľúbosť",
            "ği",
            "şu an",
            "tiếng việt",
            "привет",
            "ґанок",
            "їжак",
            "ыэё",
            "здравствуйте, а есть эта куртка в наличии",
            "مرحبا",
            "پیام",
            "ٹھیک ہے",
            "refund 退款 please",
            "ｒｅｆｕｎｄ",
            "emoji 😀 gift 🎁 parcel",
            "𝐛𝐨𝐥𝐝 letters",
            "Å Ø Æ",
            "hi can i still change the delivery adress? i put my old flat by mistake")) {
      sameAsLingua(text);
    }
  }

  @Test
  void randomMixturesOfLettersScoreAsInLingua() {
    String letters =
        "abcdefghijklmnopqrstuvwxyzäöüßéèêñçłőřşțđåøæığабвгдежзиклмнопрыэюяїєґضصثقفغعهپ ";
    int[] points = letters.codePoints().toArray();
    Random random = new Random(11);
    for (int n = 0; n < 500; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = 1 + random.nextInt(40); i > 0; i--) {
        text.appendCodePoint(points[random.nextInt(points.length)]);
      }
      sameAsLingua(text.toString());
    }
  }
}
