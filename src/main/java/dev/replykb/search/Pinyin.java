package dev.replykb.search;

import com.ibm.icu.text.Transliterator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pinyin keys of Chinese words, so that an agent may type {@code wuliu yanchi}, {@code wuliuyanchi}
 * or the initials {@code wlyc} for 物流延迟.
 *
 * <p>For each word: its full pinyin without tones ({@code wuliu}) and its initials ({@code wl});
 * for each run of two to four consecutive words: their concatenations ({@code wuliuyanchi}, {@code
 * wlyc}). Transliteration is ICU's Han-Latin, at index time only.
 */
final class Pinyin {
  /** Runs of up to this many words get keys of their own: titles are short phrases. */
  static final int LONGEST_RUN = 4;

  private Pinyin() {}

  private static final class Holder {
    static final Transliterator HAN_LATIN =
        Transliterator.getInstance("Han-Latin; Latin-ASCII; Lower");
  }

  /**
   * Syllables of the words seen so far: ICU's transform is slow and a catalog's Chinese vocabulary
   * small (its words repeat in every title). Bounded: emptied when it fills up.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, List<String>> SEEN =
      new java.util.concurrent.ConcurrentHashMap<>();

  static final int MAX_SEEN = 100_000;

  /** The syllables of a Chinese word: 物流 gives [wu, liu]. */
  static List<String> syllables(String word) {
    List<String> known = SEEN.get(word);
    if (known != null) {
      return known;
    }
    List<String> syllables = new ArrayList<>();
    for (String s : Holder.HAN_LATIN.transliterate(word).split("[^a-z]+")) {
      if (!s.isEmpty()) {
        syllables.add(s);
      }
    }
    if (SEEN.size() >= MAX_SEEN) {
      SEEN.clear();
    }
    SEEN.put(word, List.copyOf(syllables));
    return syllables;
  }

  /** The keys of a sequence of Chinese words (non-Han words are skipped). */
  static Set<String> keys(List<String> words) {
    List<String> full = new ArrayList<>();
    List<String> initials = new ArrayList<>();
    for (String word : words) {
      if (!isHan(word)) {
        continue;
      }
      List<String> syllables = syllables(word);
      if (syllables.isEmpty()) {
        continue;
      }
      full.add(String.join("", syllables));
      StringBuilder initial = new StringBuilder();
      syllables.forEach(s -> initial.append(s.charAt(0)));
      initials.add(initial.toString());
    }
    Set<String> keys = new LinkedHashSet<>();
    for (int start = 0; start < full.size(); start++) {
      StringBuilder f = new StringBuilder();
      StringBuilder i = new StringBuilder();
      for (int end = start; end < full.size() && end < start + LONGEST_RUN; end++) {
        f.append(full.get(end));
        i.append(initials.get(end));
        keys.add(f.toString());
        if (i.length() >= 2) {
          keys.add(i.toString());
        }
      }
    }
    return keys;
  }

  /**
   * Toneless syllables as ICU's transform writes them (ü as u), by a generous grammar: any initial
   * before any final, so every real syllable passes and some that are none (English "here" does).
   */
  private static final String[] INITIAL_LETTERS = {
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w", ""
  };

  private static final String[] FINALS = {
    "iang", "iong", "uang", "ueng", "ang", "eng", "ing", "ong", "iao", "ian", "uai", "uan", "ai",
    "ei", "ao", "ou", "an", "en", "er", "ia", "ie", "iu", "in", "ua", "uo", "ui", "un", "ue", "a",
    "o", "e", "i", "u", "v"
  };

  /** Longer than the keys of a run of titles' words: not pinyin typed by an agent. */
  private static final int LONGEST_KEY = 128;

  /**
   * Whether {@code word} splits into syllables of the grammar above: a table of which prefixes do,
   * linear in the word (a regular expression's backtracking overflowed the stack on a thousand
   * letters, found by the search fuzzer).
   */
  private static boolean isSyllables(String word) {
    int n = word.length();
    if (n == 0 || n > LONGEST_KEY) {
      return false;
    }
    boolean[] splits = new boolean[n + 1];
    splits[0] = true;
    for (int i = 0; i < n; i++) {
      if (!splits[i]) {
        continue;
      }
      for (String initial : INITIAL_LETTERS) {
        if (!word.startsWith(initial, i)) {
          continue;
        }
        int at = i + initial.length();
        for (String fin : FINALS) {
          if (word.startsWith(fin, at)) {
            splits[at + fin.length()] = true;
          }
        }
      }
    }
    return splits[n];
  }

  /**
   * The first letters of syllables (no syllable starts with i, u or v), with at most one of a
   * syllable that starts with its vowel (爱 ai): English words of those letters have more.
   */
  private static final java.util.regex.Pattern INITIALS =
      java.util.regex.Pattern.compile(
          "(?=.{2," + 2 * LONGEST_RUN + "}$)[bpmfdtnlgkhjqxrzcsyw]*[aoe]?[bpmfdtnlgkhjqxrzcsyw]*");

  /**
   * Whether a lower-case ASCII word could be part of a key: pinyin syllables ({@code wuliu}, {@code
   * yan}) or initials ({@code wlyc}). Every key of {@link #keys} is made of such words, so a
   * query's run of words with another in it ({@code package}, {@code tracking}) meets none: a
   * buyer's English message then asks for a dozen keys, not a hundred and fifty.
   */
  static boolean couldBeKey(String word) {
    return isSyllables(word) || INITIALS.matcher(word).matches();
  }

  private static boolean isHan(String word) {
    return word.codePoints()
        .allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
  }
}
