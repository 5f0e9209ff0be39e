package dev.replykb.search;

import com.ibm.icu.lang.UScript;
import java.util.Map;
import java.util.Set;

/**
 * Which part of a query each analysis family should see, by writing system.
 *
 * <p>A Latin-script analyzer cuts Chinese text into single characters that match nothing useful but
 * cost a clause each; so each family gets only the characters of its own scripts and the
 * script-neutral ones (digits, punctuation). Families written in other scripts also get Latin
 * (brand names such as PayPal or Klarna appear in Russian or Arabic replies), except Chinese,
 * Japanese and Korean: their segmenters are the slowest analyzers, and the same brand names are in
 * every other variant of the template anyway.
 */
final class QueryScripts {
  private static final Map<String, Set<Integer>> SCRIPTS =
      Map.ofEntries(
          Map.entry("zh", Set.of(UScript.HAN)),
          Map.entry("ja", Set.of(UScript.HAN, UScript.HIRAGANA, UScript.KATAKANA)),
          Map.entry("ko", Set.of(UScript.HANGUL, UScript.HAN)),
          Map.entry("ar", Set.of(UScript.ARABIC)),
          Map.entry("fa", Set.of(UScript.ARABIC)),
          Map.entry("ckb", Set.of(UScript.ARABIC)),
          Map.entry("ru", Set.of(UScript.CYRILLIC)),
          Map.entry("bg", Set.of(UScript.CYRILLIC)),
          Map.entry("sr", Set.of(UScript.CYRILLIC)),
          Map.entry("el", Set.of(UScript.GREEK)),
          Map.entry("hi", Set.of(UScript.DEVANAGARI)),
          Map.entry("ne", Set.of(UScript.DEVANAGARI)),
          Map.entry("bn", Set.of(UScript.BENGALI)),
          Map.entry("ta", Set.of(UScript.TAMIL)),
          Map.entry("te", Set.of(UScript.TELUGU)),
          Map.entry("hy", Set.of(UScript.ARMENIAN)),
          Map.entry("th", Set.of(UScript.THAI)));

  private static final Set<String> NO_LATIN = Set.of("zh", "ja", "ko");

  /**
   * Scripts without which a text is not read in the family at all. Korean is written in Hangul,
   * with Hanja at most beside it: Han alone is Chinese or Japanese, and reading it as Korean (Nori
   * turns Hanja into their Hangul readings) found no reply on the evaluation sets that Chinese and
   * Japanese did not, cost every Han query a third analysis, and made a Chinese first search after
   * a start wait for the Korean dictionary.
   */
  private static final Map<String, Integer> REQUIRED = Map.of("ko", UScript.HANGUL);

  /**
   * Scripts with which a text is not read in the family: Chinese is never written with kana, so a
   * text with kana is Japanese, and its kanji read as Chinese found nothing on the evaluation sets
   * that the Japanese reading did not (and searched the Chinese variants' words for them).
   */
  private static final Map<String, Set<Integer>> EXCLUDED =
      Map.of("zh", Set.of(UScript.HIRAGANA, UScript.KATAKANA));

  /**
   * The kanji of Japanese text: JIS X 0208's 6,355 (what Shift_JIS encodes), which hold the jōyō
   * and jinmeiyō kanji and more. Han text without kana that has another character (Simplified 过 还
   * 这, Traditional 黑 貓) is Chinese: read as Japanese it found nothing on the evaluation sets that
   * the Chinese reading did not (a Traditional message more was answered right without it), and it
   * doubled a Chinese message's terms. Text of shared characters (物流, 配送) is still read both ways.
   */
  private static final java.util.BitSet JAPANESE_KANJI = japaneseKanji();

  private static java.util.BitSet japaneseKanji() {
    java.util.BitSet kanji = new java.util.BitSet();
    java.nio.charset.CharsetEncoder jis =
        java.nio.charset.Charset.forName("Shift_JIS").newEncoder();
    for (char c = '\u3400'; c <= '\u9FFF'; c++) {
      if (UScript.getScript(c) == UScript.HAN && jis.canEncode(c)) {
        kanji.set(c);
      }
    }
    return kanji;
  }

  private QueryScripts() {}

  /** {@code text} with every character outside the family's scripts replaced by a space. */
  static String keepScriptsOf(String family, String text) {
    return of(text).keptFor(family);
  }

  /**
   * True when the family reads {@code text}: it has a letter the family's analyzer would see, one
   * of the family's required script if it has one, and none of a script it excludes; Japanese does
   * not read Han text without kana that has a character Japanese does not write.
   */
  static boolean hasWordsFor(String family, String text) {
    return of(text).readIn(family);
  }

  /** The writing of {@code text}, to ask of every family in turn. */
  static Writing of(String text) {
    return new Writing(text);
  }

  /** What a family keeps of a text: its own scripts, Latin or not, what it requires and refuses. */
  private record Family(
      java.util.BitSet own, boolean latin, int required, java.util.BitSet excluded) {
    static final Family ANY = new Family(null, true, -1, new java.util.BitSet());

    boolean keeps(int script) {
      return own == null
          || script == UScript.COMMON
          || script == UScript.INHERITED
          || script == UScript.UNKNOWN
          || (latin && script == UScript.LATIN)
          || own.get(script);
    }
  }

  private static java.util.BitSet bits(Set<Integer> scripts) {
    java.util.BitSet bits = new java.util.BitSet();
    scripts.forEach(bits::set);
    return bits;
  }

  private static final Family LATIN_ONLY =
      new Family(new java.util.BitSet(), true, -1, new java.util.BitSet());

  private static final Map<String, Family> FAMILIES = families();

  private static Map<String, Family> families() {
    Map<String, Family> families = new java.util.HashMap<>();
    Set<String> named = new java.util.HashSet<>(SCRIPTS.keySet());
    named.addAll(REQUIRED.keySet());
    named.addAll(EXCLUDED.keySet());
    for (String family : named) {
      families.put(
          family,
          new Family(
              bits(SCRIPTS.getOrDefault(family, Set.of())),
              !NO_LATIN.contains(family),
              REQUIRED.getOrDefault(family, -1),
              bits(EXCLUDED.getOrDefault(family, Set.of()))));
    }
    families.put(LanguageAnalyzers.FALLBACK, Family.ANY); // an unknown language, any script
    return Map.copyOf(families);
  }

  /**
   * A query's code points with their scripts, found once: a query is asked of a dozen families,
   * each of which reads it or not and keeps only some of its characters.
   */
  static final class Writing {
    private final String text;
    private final int[] scripts; // of each code point, in order
    private final int[] starts; // the char index of each code point
    private final java.util.BitSet letters; // code points that are letters or digits
    private final java.util.BitSet present = new java.util.BitSet(); // scripts written
    private final boolean chineseOnly; // Han without kana, a character Japanese does not write

    private Writing(String text) {
      this.text = text;
      int n = text.codePointCount(0, text.length());
      scripts = new int[n];
      starts = new int[n];
      letters = new java.util.BitSet(n);
      boolean kana = false;
      boolean notJapanese = false;
      for (int i = 0, k = 0; i < text.length(); k++) {
        int cp = text.codePointAt(i);
        int script = UScript.getScript(cp);
        scripts[k] = script;
        starts[k] = i;
        letters.set(k, Character.isLetterOrDigit(cp));
        present.set(script);
        kana |= script == UScript.HIRAGANA || script == UScript.KATAKANA;
        notJapanese |= script == UScript.HAN && !JAPANESE_KANJI.get(cp);
        i += Character.charCount(cp);
      }
      chineseOnly = notJapanese && !kana;
    }

    private static Family family(String family) {
      return FAMILIES.getOrDefault(family, LATIN_ONLY);
    }

    /** As {@link QueryScripts#hasWordsFor}. */
    boolean readIn(String name) {
      Family family = family(name);
      if (family.excluded().intersects(present)
          || (family.required() >= 0 && !present.get(family.required()))
          || (name.equals("ja") && chineseOnly)) {
        return false;
      }
      for (int k = letters.nextSetBit(0); k >= 0; k = letters.nextSetBit(k + 1)) {
        if (family.keeps(scripts[k])) {
          return true;
        }
      }
      return false;
    }

    /** As {@link QueryScripts#keepScriptsOf}. */
    String keptFor(String name) {
      Family family = family(name);
      int k = 0;
      while (k < scripts.length && family.keeps(scripts[k])) {
        k++;
      }
      if (k == scripts.length) {
        return text;
      }
      StringBuilder kept = new StringBuilder(text.length()).append(text, 0, starts[k]);
      for (; k < scripts.length; k++) {
        if (family.keeps(scripts[k])) {
          kept.appendCodePoint(text.codePointAt(starts[k]));
        } else {
          kept.append(' ');
        }
      }
      return kept.toString();
    }
  }

  /**
   * True when a query written in {@code writer}'s own script is also read in {@code reader}: a
   * Chinese query is read as Japanese (both write Han) but not as Korean, a German one in every
   * family that sees Latin.
   */
  static boolean readsWritingOf(String reader, String writer) {
    if (reader.equals(writer) || reader.equals(LanguageAnalyzers.FALLBACK)) {
      return true;
    }
    Set<Integer> written = SCRIPTS.get(writer);
    if (written == null) { // a Latin-script language, or the fallback's any script
      return !NO_LATIN.contains(reader) || writer.equals(LanguageAnalyzers.FALLBACK);
    }
    Set<Integer> read = SCRIPTS.getOrDefault(reader, Set.of());
    Integer required = REQUIRED.get(reader);
    return (required == null || written.contains(required))
        && written.stream().anyMatch(read::contains);
  }
}
