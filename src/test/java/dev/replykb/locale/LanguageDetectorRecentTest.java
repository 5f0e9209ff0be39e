package dev.replykb.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A detector keeps the scores of the texts it scored last: whatever order texts come in, and
 * however many share a slot, every answer is the one a detector that never saw them gives.
 */
class LanguageDetectorRecentTest {
  private static final Map<String, Set<String>> LEXICONS =
      Map.of(
          "de", Set.of("paket", "ist", "nicht", "angekommen", "rucksendung"),
          "en", Set.of("parcel", "not", "arrived", "refund", "where"),
          "fr", Set.of("colis", "pas", "arrive", "remboursement", "ou"),
          "es", Set.of("paquete", "no", "llego", "reembolso", "donde"));

  @Test
  void recentScoresAreTheScoresOfAFreshDetector() {
    String[] words = {
      "Paket",
      "nicht",
      "angekommen",
      "parcel",
      "not",
      "arrived",
      "colis",
      "pas",
      "arrivé",
      "paquete",
      "no",
      "llegó",
      "refund",
      "Rücksendung",
      "reembolso",
      "où",
      "where"
    };
    List<String> texts = new ArrayList<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int i = 0; i < 300; i++) { // far more texts than slots: every slot is shared
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 1 + random.nextInt(5); w++) {
        text.append(words[random.nextInt(words.length)]).append(' ');
      }
      texts.add(text.toString().strip());
    }
    LanguageDetector remembering = new LanguageDetector(LEXICONS);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < texts.size(); i += 1 + round) {
        String text = texts.get(i);
        LanguageDetector fresh = new LanguageDetector(LEXICONS);
        assertEquals(fresh.plausibility(text), remembering.plausibility(text), text);
        assertEquals(fresh.detect(text), remembering.detect(text), text);
      }
    }
  }
}
