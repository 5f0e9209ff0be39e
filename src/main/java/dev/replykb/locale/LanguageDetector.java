package dev.replykb.locale;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the language of a buyer's message, for {@code locale=auto}.
 *
 * <p>The writing system settles most languages on its own: kana is Japanese, Hangul Korean, Thai
 * Thai; Han is Chinese, Traditional or Simplified by whether ICU's Traditional-Simplified transform
 * changes it. Among the languages that share a script (Latin, Cyrillic, Arabic) two kinds of
 * evidence are added up: Lingua's character-trigram model (its low-accuracy mode, where its
 * high-accuracy mode needs most of a gigabyte; scored from one table of all its languages, {@link
 * NgramModels}, with Lingua's own answers) and the share of the message's words found in each
 * language's lexicon — its stop words, its terminology base and the words of the catalog's own
 * variants in that language. Short buyer messages are exactly where trigrams hesitate (j ai recu ma
 * commande: French or Portuguese?) and where a domain lexicon is sure.
 *
 * <p>Thread-safe; build once and share.
 */
public final class LanguageDetector {
  /**
   * Languages told apart statistically. Script-unique languages (Japanese, Korean, Thai, Greek,
   * Hebrew, ...) need no model.
   */
  static final Set<Language> SHARED_SCRIPT_LANGUAGES =
      EnumSet.of(
          Language.ENGLISH,
          Language.GERMAN,
          Language.FRENCH,
          Language.SPANISH,
          Language.PORTUGUESE,
          Language.ITALIAN,
          Language.DUTCH,
          Language.POLISH,
          Language.TURKISH,
          Language.VIETNAMESE,
          Language.INDONESIAN,
          Language.MALAY,
          Language.ROMANIAN,
          Language.SWEDISH,
          Language.DANISH,
          Language.BOKMAL,
          Language.CZECH,
          Language.HUNGARIAN,
          Language.FINNISH,
          Language.CATALAN,
          Language.TAGALOG,
          Language.SWAHILI,
          Language.RUSSIAN,
          Language.UKRAINIAN,
          Language.BULGARIAN,
          Language.ARABIC,
          Language.PERSIAN,
          Language.URDU);

  /** How much a message fully covered by a language's lexicon weighs against Lingua's certainty. */
  static final double LEXICON_WEIGHT = 1.0;

  /**
   * How much Lingua's relative confidence counts. It ranks the likeliest language 1 and close
   * relatives not far below, so it breaks ties between lexicons more than it decides.
   */
  static final double LINGUA_WEIGHT = 0.3;

  /** Lingua's relative confidence below which a language is out of the question. */
  static final double RULED_OUT = 0.01;

  private static final Normalizer2 FOLD = Normalizer2.getNFKCCasefoldInstance();

  private final Lexicon lexicon;
  private final com.github.pemistahl.lingua.api.LanguageDetector lingua;

  /**
   * @param lexicons words by language code, folded with {@link #fold}: what the language's stop
   *     words, terminology and catalog variants use
   */
  public LanguageDetector(Map<String, Set<String>> lexicons) {
    this(Lexicon.of(lexicons));
  }

  /** A detector knowing the words of {@code lexicon}: see {@link #LanguageDetector(Map)}. */
  public LanguageDetector(Lexicon lexicon) {
    this.lexicon = lexicon;
    // Lingua's rules and text cleaning, without its models: the n-gram table stands in for them
    // (NgramModels), built when a text first needs it, so a detector is ready at once: a Chinese
    // query or a buyer who named a locale never waits for it. A server builds it meanwhile: see
    // preload.
    this.lingua = lingua();
  }

  /**
   * Lingua's detector of the shared-script languages in its low-accuracy mode, models unloaded:
   * what a detector calls for Lingua's rules, and what tests compare {@link NgramModels} with.
   */
  static com.github.pemistahl.lingua.api.LanguageDetector lingua() {
    return LanguageDetectorBuilder.fromLanguages(SHARED_SCRIPT_LANGUAGES.toArray(new Language[0]))
        .withLowAccuracyMode()
        .build();
  }

  /**
   * Lower case, compatibility-normalized and without accents: the form lexicon words are kept in.
   */
  public static String fold(String word) {
    if (isAsciiLetters(word)) {
      // What the normalization below makes of ASCII letters, without its four copies: most words
      // of the Latin-script languages are plain ASCII.
      return word.toLowerCase(Locale.ROOT);
    }
    String folded = FOLD.normalize(word);
    StringBuilder plain = new StringBuilder(folded.length());
    String decomposed = Normalizer2.getNFDInstance().normalize(folded);
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) != Character.NON_SPACING_MARK) {
        plain.append(c);
      }
    }
    return plain.toString().toLowerCase(Locale.ROOT);
  }

  private static boolean isAsciiLetters(String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Builds the table of the shared-script languages' n-gram models ({@link NgramModels}), once per
   * process, so that the first Latin-script text a detector sees does not wait for it. Meant for a
   * background thread at startup.
   */
  public static void preload() {
    NgramModels.of(SHARED_SCRIPT_LANGUAGES);
  }

  /** The language of {@code text}, or empty when it has no letters. */
  public Optional<ULocale> detect(String text) {
    Optional<ULocale> byScript = byScript(text);
    if (byScript.isPresent()) {
      return byScript;
    }
    Map<String, Double> scores = sharedScriptScores(text);
    return scores.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .max(Map.Entry.comparingByValue())
        .map(e -> new ULocale(e.getKey()));
  }

  /**
   * How plausible each language that shares a script with others is as the language of {@code
   * text}, the most plausible scoring 1; empty when the text has no such words. Search uses it to
   * trust a word's meaning in the languages the text is likely in, not in every language where the
   * same letters happen to spell something (English "not" is French "note" stemmed).
   */
  public Map<String, Double> plausibility(String text) {
    Map<String, Double> scores = sharedScriptScores(text);
    double best = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    if (best <= 0) {
      return Map.of();
    }
    Map<String, Double> relative = new java.util.HashMap<>();
    // Squared, so that a language half as likely counts a quarter: plausibility should separate.
    scores.forEach((code, score) -> relative.put(code, Math.pow(score / best, 2)));
    return relative;
  }

  /**
   * The share of the text's words that no language's lexicon knows: high for pinyin ({@code wuliu
   * yanchi}) or gibberish, low for text in a known language.
   */
  public double unknownShare(String text) {
    List<String> words = words(text);
    if (words.isEmpty()) {
      return 0;
    }
    int unknown = 0;
    for (String word : words) {
      if (!lexicon.knows(word)) {
        unknown++;
      }
    }
    return (double) unknown / words.size();
  }

  /**
   * The scores of the texts scored last, a fixed number of slots each holding the last text whose
   * hash falls in it: a search for a buyer of unknown locale scores its text twice (to choose the
   * buyer's language, then to weigh the query's languages), and Lingua is most of that. Bounded,
   * lock-free (a slot is replaced whole), and a text's scores never change for one detector.
   */
  private final java.util.concurrent.atomic.AtomicReferenceArray<Scored> recent =
      new java.util.concurrent.atomic.AtomicReferenceArray<>(RECENT_SLOTS);

  private static final int RECENT_SLOTS = 64;

  private record Scored(String text, Map<String, Double> scores) {}

  /** Lingua's confidence plus lexicon coverage, by language code; empty without such words. */
  private Map<String, Double> sharedScriptScores(String text) {
    int hash = text.hashCode();
    int slot = (hash ^ (hash >>> 16)) & (RECENT_SLOTS - 1);
    Scored seen = recent.get(slot);
    if (seen != null && seen.text.equals(text)) {
      return seen.scores;
    }
    Map<String, Double> scores = java.util.Collections.unmodifiableMap(score(text));
    recent.set(slot, new Scored(text, scores));
    return scores;
  }

  private Map<String, Double> score(String text) {
    List<String> words = words(text);
    if (words.isEmpty() || !hasSharedScriptLetter(text)) {
      // Without a Latin, Cyrillic or Arabic letter Lingua finds none of these languages (it would
      // answer nothing, after a turn through the common fork-join pool, which at startup is busy
      // loading its models): a Chinese or Japanese query does not wait for it.
      return Map.of();
    }
    Map<Language, Double> confidence =
        NgramModels.of(SHARED_SCRIPT_LANGUAGES).confidenceValues(lingua, text);
    long[] known = new long[words.size()]; // each word's languages, looked up once
    for (int i = 0; i < known.length; i++) {
      known[i] = lexicon.languagesOf(words.get(i));
    }
    Map<String, Double> scores = new java.util.HashMap<>();
    for (Language language : SHARED_SCRIPT_LANGUAGES) {
      String code = code(language);
      double lingua = confidence.getOrDefault(language, 0.0);
      // A language whose alphabet lacks a letter of the text cannot win on shared words alone.
      boolean ruledOut = lingua < RULED_OUT || usesForeignLetter(code, text);
      scores.put(
          code, ruledOut ? 0 : LINGUA_WEIGHT * lingua + LEXICON_WEIGHT * coverage(code, known));
    }
    return scores;
  }

  /** Whether {@code text} has a letter of a script the shared-script languages write in. */
  static boolean hasSharedScriptLetter(String text) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (Character.isLetter(c)) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        if (script == Character.UnicodeScript.LATIN
            || script == Character.UnicodeScript.CYRILLIC
            || script == Character.UnicodeScript.ARABIC) {
          return true;
        }
      }
      i += Character.charCount(c);
    }
    return false;
  }

  /**
   * Letters that a language's alphabet does not have, for the Cyrillic languages that share most
   * words: Russian has no і, ї, є or ґ; Ukrainian and Bulgarian no ы, э or ё.
   */
  private static final Map<String, String> FOREIGN_LETTERS =
      Map.of(
          "ru", "іїєґўђјљњћџәғқңөұүһ",
          "uk", "ыэёъ",
          "bg", "ыэёіїєґ");

  private static boolean usesForeignLetter(String language, String text) {
    String foreign = FOREIGN_LETTERS.get(language);
    if (foreign == null) {
      return false;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i < foreign.length(); i++) {
      if (lower.indexOf(foreign.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The share of words in the lexicon of {@code language}, by the words' languages. */
  private double coverage(String language, long[] languagesOfWords) {
    long bit = lexicon.bit(language);
    if (bit == 0) {
      return 0;
    }
    int known = 0;
    for (long languages : languagesOfWords) {
      if ((languages & bit) != 0) {
        known++;
      }
    }
    return (double) known / languagesOfWords.length;
  }

  static String code(Language language) {
    return language.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
  }

  /** The words of a text, folded; digits and punctuation dropped. */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      if (Character.isLetter(c)
          || (word.length() > 0 && Character.getType(c) == Character.NON_SPACING_MARK)) {
        word.append(c);
      } else if (word.length() > 0) {
        words.add(fold(word.toString()));
        word.setLength(0);
      }
    }
    return words;
  }

  /** What the writing system alone settles: Chinese (and which script), Japanese, Korean, ... */
  static Optional<ULocale> byScript(String text) {
    int han = 0;
    int kana = 0;
    int hangul = 0;
    int letters = 0;
    int[] other = new int[UScript.CODE_LIMIT];
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      letters++;
      int script = UScript.getScript(cp);
      switch (script) {
        case UScript.HAN -> han++;
        case UScript.HIRAGANA, UScript.KATAKANA -> kana++;
        case UScript.HANGUL -> hangul++;
        default -> other[script]++;
      }
    }
    if (letters == 0) {
      return Optional.empty();
    }
    if (kana > 0 && kana + han >= letters / 2) {
      return Optional.of(ULocale.JAPANESE);
    }
    if (hangul > 0 && hangul >= letters / 2) {
      return Optional.of(ULocale.KOREAN);
    }
    if (han > 0 && han >= letters / 2) {
      // Traditional text changes when converted to Simplified; Simplified text does not.
      boolean traditional = !ScriptConverter.toSimplified(text).equals(text);
      return Optional.of(ULocale.forLanguageTag(traditional ? "zh-Hant" : "zh-Hans"));
    }
    for (Map.Entry<Integer, String> unique : UNIQUE_SCRIPTS.entrySet()) {
      if (other[unique.getKey()] > 0 && other[unique.getKey()] >= letters / 2) {
        return Optional.of(ULocale.forLanguageTag(unique.getValue()));
      }
    }
    return Optional.empty();
  }

  /** Scripts written by one language of the buyers replykb serves. */
  private static final Map<Integer, String> UNIQUE_SCRIPTS =
      Map.ofEntries(
          Map.entry(UScript.THAI, "th"),
          Map.entry(UScript.GREEK, "el"),
          Map.entry(UScript.HEBREW, "he"),
          Map.entry(UScript.ARMENIAN, "hy"),
          Map.entry(UScript.GEORGIAN, "ka"),
          Map.entry(UScript.KHMER, "km"),
          Map.entry(UScript.LAO, "lo"),
          Map.entry(UScript.MYANMAR, "my"),
          Map.entry(UScript.TAMIL, "ta"),
          Map.entry(UScript.BENGALI, "bn"),
          Map.entry(UScript.DEVANAGARI, "hi"));
}
