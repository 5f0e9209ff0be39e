package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PinyinTest {
  @Test
  void everyCharactersSyllablesAndInitialsCouldBeAQueryKey() {
    // Every key the index holds is made of such words: a query word that could not be one would
    // drop a real match from the query.
    int checked = 0;
    for (int cp = 0x4E00; cp <= 0x9FFF; cp += 7) {
      String han = new String(Character.toChars(cp));
      List<String> syllables = Pinyin.syllables(han);
      for (String syllable : syllables) {
        assertTrue(Pinyin.couldBeKey(syllable), han + " " + syllable);
        checked++;
      }
    }
    assertTrue(checked > 2_000, "checked " + checked);
    for (String phrase : List.of("物流延迟", "退款进度", "七天无理由退货", "海关扣留", "尺码表")) {
      for (String key : Pinyin.keys(List.of(phrase))) {
        assertTrue(Pinyin.couldBeKey(key), phrase + " " + key);
      }
    }
  }

  @Test
  void typedPinyinCouldBeAKeyAndMostEnglishCouldNot() {
    for (String word : List.of("wuliu", "yanchi", "wu", "liu", "yan", "chi", "wlyc", "tuikuan")) {
      assertTrue(Pinyin.couldBeKey(word), word);
    }
    for (String word : List.of("package", "tracking", "supposed", "arrive", "week", "transit")) {
      assertFalse(Pinyin.couldBeKey(word), word);
    }
  }

  @Test
  void aThousandLettersAreAnsweredNotOverflowed() {
    // Found by the search fuzzer: a regular expression's backtracking overflowed the stack (500).
    String word = "a".repeat(200) + "i" + "a".repeat(500) + "p" + "a".repeat(300);
    assertFalse(Pinyin.couldBeKey(word));
    assertTrue(Pinyin.couldBeKey("zhuang".repeat(20)));
    assertFalse(Pinyin.couldBeKey("zhuang".repeat(30))); // longer than any key
  }
}
