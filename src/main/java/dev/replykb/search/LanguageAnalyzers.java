package dev.replykb.search;

import com.ibm.icu.util.ULocale;
import java.io.Closeable;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
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
          Map.entry("ar", ArabicAnalyzer::new),
          Map.entry("bg", BulgarianAnalyzer::new),
          Map.entry("bn", BengaliAnalyzer::new),
          Map.entry("ca", CatalanAnalyzer::new),
          Map.entry("ckb", SoraniAnalyzer::new),
          Map.entry("cs", CzechAnalyzer::new),
          Map.entry("da", DanishAnalyzer::new),
          Map.entry("de", GermanAnalyzer::new),
          Map.entry("el", GreekAnalyzer::new),
          Map.entry("en", EnglishAnalyzer::new),
          Map.entry("es", SpanishAnalyzer::new),
          Map.entry("et", EstonianAnalyzer::new),
          Map.entry("eu", BasqueAnalyzer::new),
          Map.entry("fa", PersianAnalyzer::new),
          Map.entry("fi", FinnishAnalyzer::new),
          Map.entry("fr", FrenchAnalyzer::new),
          Map.entry("ga", IrishAnalyzer::new),
          Map.entry("gl", GalicianAnalyzer::new),
          Map.entry("hi", HindiAnalyzer::new),
          Map.entry("hu", HungarianAnalyzer::new),
          Map.entry("hy", ArmenianAnalyzer::new),
          Map.entry("id", IndonesianAnalyzer::new),
          Map.entry("it", ItalianAnalyzer::new),
          Map.entry("ja", JapaneseAnalyzer::new),
          Map.entry("ko", KoreanAnalyzer::new),
          Map.entry("lt", LithuanianAnalyzer::new),
          Map.entry("lv", LatvianAnalyzer::new),
          Map.entry("ne", NepaliAnalyzer::new),
          Map.entry("nl", DutchAnalyzer::new),
          Map.entry("no", NorwegianAnalyzer::new),
          Map.entry("pt", PortugueseAnalyzer::new),
          Map.entry("ro", RomanianAnalyzer::new),
          Map.entry("ru", RussianAnalyzer::new),
          Map.entry("sr", SerbianAnalyzer::new),
          Map.entry("sv", SwedishAnalyzer::new),
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

  private final SortedMap<String, Analyzer> byFamily = new TreeMap<>();

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

  Analyzer analyzer(String family) {
    Analyzer analyzer = byFamily.get(family);
    if (analyzer == null) {
      throw new IllegalArgumentException("no analyzer was built for family '" + family + "'");
    }
    return analyzer;
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
