package dev.replykb.search;

import com.ibm.icu.util.ULocale;
import java.io.Closeable;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.bg.BulgarianAnalyzer;
import org.apache.lucene.analysis.bn.BengaliAnalyzer;
import org.apache.lucene.analysis.ca.CatalanAnalyzer;
import org.apache.lucene.analysis.ckb.SoraniAnalyzer;
import org.apache.lucene.analysis.cz.CzechAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.et.EstonianAnalyzer;
import org.apache.lucene.analysis.eu.BasqueAnalyzer;
import org.apache.lucene.analysis.fa.PersianAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ga.IrishAnalyzer;
import org.apache.lucene.analysis.gl.GalicianAnalyzer;
import org.apache.lucene.analysis.hi.HindiAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.hy.ArmenianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.lt.LithuanianAnalyzer;
import org.apache.lucene.analysis.lv.LatvianAnalyzer;
import org.apache.lucene.analysis.ne.NepaliAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.sr.SerbianAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.ta.TamilAnalyzer;
import org.apache.lucene.analysis.te.TeluguAnalyzer;
import org.apache.lucene.analysis.th.ThaiAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;

/**
 * The analyzer of each language in a catalog, by analysis family.
 *
 * <p>A family is the language code of a language with an analyzer of its own ({@code zh} covers
 * both Chinese scripts, {@code pt} both Portuguese variants, {@code no} Bokmål and Nynorsk), or
 * {@value #FALLBACK} for every other language, which ICU segments and folds.
 *
 * <p>Analyzers are built once, for the families the catalog uses, and are thread-safe: Lucene keeps
 * token-stream components per thread.
 */
final class LanguageAnalyzers implements Closeable {
  static final String FALLBACK = "und";

  private static final Map<String, Supplier<Analyzer>> DEDICATED =
      Map.ofEntries(
          Map.entry(
              "ar",
              () -> new ArabicAnalyzer(keepNegations("ar", ArabicAnalyzer.getDefaultStopSet()))),
          Map.entry("bg", BulgarianAnalyzer::new),
          Map.entry("bn", BengaliAnalyzer::new),
          Map.entry("ca", CatalanAnalyzer::new),
          Map.entry("ckb", SoraniAnalyzer::new),
          Map.entry("cs", CzechAnalyzer::new),
          Map.entry(
              "da",
              () -> new DanishAnalyzer(keepNegations("da", DanishAnalyzer.getDefaultStopSet()))),
          Map.entry(
              "de",
              () -> new GermanAnalyzer(keepNegations("de", GermanAnalyzer.getDefaultStopSet()))),
          Map.entry("el", GreekAnalyzer::new),
          Map.entry(
              "en",
              () -> new EnglishAnalyzer(keepNegations("en", EnglishAnalyzer.getDefaultStopSet()))),
          Map.entry(
              "es",
              () -> new SpanishAnalyzer(keepNegations("es", SpanishAnalyzer.getDefaultStopSet()))),
          Map.entry("et", EstonianAnalyzer::new),
          Map.entry("eu", BasqueAnalyzer::new),
          Map.entry("fa", PersianAnalyzer::new),
          Map.entry("fi", FinnishAnalyzer::new),
          Map.entry(
              "fr",
              () -> new FrenchAnalyzer(keepNegations("fr", FrenchAnalyzer.getDefaultStopSet()))),
          Map.entry("ga", IrishAnalyzer::new),
          Map.entry("gl", GalicianAnalyzer::new),
          Map.entry("hi", HindiAnalyzer::new),
          Map.entry("hu", HungarianAnalyzer::new),
          Map.entry("hy", ArmenianAnalyzer::new),
          Map.entry("id", IndonesianAnalyzer::new),
          Map.entry(
              "it",
              () -> new ItalianAnalyzer(keepNegations("it", ItalianAnalyzer.getDefaultStopSet()))),
          Map.entry("ja", JapaneseAnalyzer::new),
          Map.entry("ko", KoreanAnalyzer::new),
          Map.entry("lt", LithuanianAnalyzer::new),
          Map.entry("lv", LatvianAnalyzer::new),
          Map.entry("ne", NepaliAnalyzer::new),
          Map.entry(
              "nl",
              () -> new DutchAnalyzer(keepNegations("nl", DutchAnalyzer.getDefaultStopSet()))),
          Map.entry(
              "no",
              () ->
                  new NorwegianAnalyzer(
                      keepNegations("no", NorwegianAnalyzer.getDefaultStopSet()))),
          Map.entry(
              "pt",
              () ->
                  new PortugueseAnalyzer(
                      keepNegations("pt", PortugueseAnalyzer.getDefaultStopSet()))),
          Map.entry("ro", RomanianAnalyzer::new),
          Map.entry(
              "ru",
              () -> new RussianAnalyzer(keepNegations("ru", RussianAnalyzer.getDefaultStopSet()))),
          Map.entry("sr", SerbianAnalyzer::new),
          Map.entry(
              "sv",
              () -> new SwedishAnalyzer(keepNegations("sv", SwedishAnalyzer.getDefaultStopSet()))),
          Map.entry("ta", TamilAnalyzer::new),
          Map.entry("te", TeluguAnalyzer::new),
          Map.entry("th", ThaiAnalyzer::new),
          Map.entry("tr", TurkishAnalyzer::new),
          Map.entry("zh", ChineseAnalyzer::new));

  /**
   * Latin-script languages whose Lucene analyzer keeps accents: buyers often type without them
   * (recibio, dedouanement, cartao), so their tokens are folded after stemming. German and the
   * others normalise on their own.
   */
  private static final Set<String> FOLDED =
      Set.of(
          "ca", "cs", "da", "es", "et", "eu", "fi", "fr", "ga", "gl", "hu", "id", "it", "lt", "lv",
          "nl", "no", "pt", "ro", "sv", "tr");

  /**
   * Negation words that Lucene's stop lists drop but a reply must not ignore: without them "not
   * received" analyzes like "received", and a buyer whose parcel never came is answered with an
   * order confirmation.
   */
  private static final Map<String, Set<String>> NEGATIONS =
      Map.ofEntries(
          Map.entry("ar", Set.of("لا", "لم", "لن", "ما", "ليس", "غير", "بدون")),
          Map.entry("da", Set.of("ikke", "ingen", "aldrig", "uden")),
          Map.entry(
              "de",
              Set.of(
                  "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nichts", "nie",
                  "ohne")),
          Map.entry("en", Set.of("no", "not", "nor", "never", "without")),
          Map.entry("es", Set.of("no", "ni", "nunca", "nada", "sin", "tampoco")),
          Map.entry(
              "fr", Set.of("ne", "pas", "non", "aucun", "aucune", "jamais", "rien", "sans", "ni")),
          Map.entry("it", Set.of("non", "né", "mai", "niente", "nessun", "nessuno", "senza")),
          Map.entry("nl", Set.of("niet", "geen", "nooit", "niets", "zonder")),
          Map.entry("no", Set.of("ikke", "ingen", "aldri", "uten")),
          Map.entry("pt", Set.of("não", "nem", "nunca", "nada", "sem")),
          Map.entry("ru", Set.of("не", "нет", "ни", "без")),
          Map.entry("sv", Set.of("inte", "ej", "ingen", "aldrig", "utan")));

  private static CharArraySet keepNegations(String language, CharArraySet stopWords) {
    CharArraySet kept = new CharArraySet(stopWords.size(), true);
    for (Object word : stopWords) {
      String w = new String((char[]) word);
      if (!NEGATIONS.get(language).contains(w)) {
        kept.add(w);
      }
    }
    return CharArraySet.unmodifiableSet(kept);
  }

  private final java.util.concurrent.ConcurrentSkipListMap<String, Analyzer> byFamily =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  /** Builds the analyzers of the families that {@code locales} need. */
  LanguageAnalyzers(Collection<ULocale> locales) {
    for (ULocale locale : locales) {
      String family = familyOf(locale);
      byFamily.computeIfAbsent(family, LanguageAnalyzers::build);
    }
  }

  private static Analyzer build(String family) {
    Analyzer analyzer = DEDICATED.getOrDefault(family, FallbackAnalyzer::new).get();
    return FOLDED.contains(family) ? new FoldingAnalyzer(analyzer) : analyzer;
  }

  /** The stop words of a family's analyzer, or none. */
  Set<String> stopWords(String family) {
    Analyzer analyzer = byFamily.get(family);
    if (analyzer instanceof FoldingAnalyzer folding) {
      analyzer = folding.delegate();
    }
    if (analyzer instanceof org.apache.lucene.analysis.StopwordAnalyzerBase withStopWords) {
      Set<String> words = new java.util.HashSet<>();
      for (Object word : withStopWords.getStopwordSet()) {
        words.add(new String((char[]) word));
      }
      return words;
    }
    return Set.of();
  }

  /** The family of a locale: its language when it has an analyzer, else {@value #FALLBACK}. */
  static String familyOf(ULocale locale) {
    String language = locale.getLanguage();
    if (language.equals("nb") || language.equals("nn")) {
      language = "no";
    }
    return DEDICATED.containsKey(language) ? language : FALLBACK;
  }

  /** The families in use, in name order. */
  Collection<String> families() {
    return byFamily.keySet();
  }

  /** The analyzer of a family, built on first use when the catalog gained a language. */
  Analyzer analyzer(String family) {
    return byFamily.computeIfAbsent(family, LanguageAnalyzers::build);
  }

  /**
   * Loads the dictionaries of the families that {@code locales} need (they are shared by every
   * analyzer instance), so that a later {@code LanguageAnalyzers} starts warm. Meant for a
   * background thread while the catalog is still loading.
   */
  static void preload(Collection<ULocale> locales) {
    try (LanguageAnalyzers throwaway = new LanguageAnalyzers(locales)) {
      throwaway.warmUp();
    }
  }

  /**
   * Runs every analyzer once, so that dictionaries (smartcn, Kuromoji, Nori, ICU break rules) are
   * loaded now rather than on the first agent's search.
   */
  void warmUp() {
    byFamily.entrySet().parallelStream()
        .forEach(e -> ReplySchema.terms(e.getValue(), "warm-up", "warm up 预热 準備 준비 ready"));
  }

  @Override
  public void close() {
    byFamily.values().forEach(Analyzer::close);
  }
}
