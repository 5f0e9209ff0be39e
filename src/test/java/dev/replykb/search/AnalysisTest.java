package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnalysisTest {
  static LanguageAnalyzers analyzers;

  @BeforeAll
  static void build() {
    analyzers =
        new LanguageAnalyzers(
            List.of("zh-Hans", "zh-Hant", "ja", "de", "ko", "sw", "pt-BR", "nb").stream()
                .map(ULocale::forLanguageTag)
                .toList());
  }

  @AfterAll
  static void close() {
    analyzers.close();
  }

  private static List<String> tokens(String family, String text) {
    Analyzer analyzer = analyzers.analyzer(family);
    return List.copyOf(ReplySchema.terms(analyzer, "body." + family, text));
  }

  @Test
  void bothChineseScriptsShareOneFamily() {
    assertEquals("zh", LanguageAnalyzers.familyOf(ULocale.forLanguageTag("zh-Hans")));
    assertEquals("zh", LanguageAnalyzers.familyOf(ULocale.forLanguageTag("zh-Hant")));
    assertEquals("pt", LanguageAnalyzers.familyOf(ULocale.forLanguageTag("pt-BR")));
    assertEquals("no", LanguageAnalyzers.familyOf(ULocale.forLanguageTag("nb")));
    // No analyzer of its own: ICU segmentation and folding.
    assertEquals("und", LanguageAnalyzers.familyOf(ULocale.forLanguageTag("sw")));
  }

  @Test
  void traditionalChineseIsSegmentedIntoTheSameWordsAsSimplified() {
    // Proves the Traditional->Simplified char filter runs before smartcn: alone, smartcn would
    // cut 物流延遲 into single characters.
    assertEquals(List.of("物流", "延迟", "补偿"), tokens("zh", "物流延迟 补偿"));
    assertEquals(List.of("物流", "延迟", "补偿"), tokens("zh", "物流延遲 補償"));
  }

  @Test
  void mixedChineseAndLatinKeepsTheLatinWord() {
    // Latin words inside Chinese are lower-cased and stemmed, digits kept.
    assertEquals(List.of("支持", "paypal", "付款", "3", "天"), tokens("zh", "支持PayPal付款，3天"));
  }

  @Test
  void japaneseIsSegmentedAndReducedToBaseForms() {
    // Kuromoji: particles dropped, 届きません reduced to its base form 届く.
    assertEquals(List.of("商品", "届く"), tokens("ja", "商品が届きません"));
  }

  @Test
  void germanIsNormalisedAndStemmed() {
    // GermanAnalyzer: stop words dropped, umlauts normalised, light stemming.
    assertEquals(
        List.of("lieferverzogerung", "gutschein"),
        tokens("de", "Die Lieferverzögerung und der Gutschein"));
  }

  @Test
  void koreanIsDecompounded() {
    assertEquals(List.of("배송", "지연"), tokens("ko", "배송이 지연되었습니다").subList(0, 2));
  }

  @Test
  void unknownLanguagesAreFoldedAndSegmented() {
    // ICU folding removes case and accents for a language without an analyzer.
    assertEquals(
        List.of("kifurushi", "changu", "kiko", "wapi"),
        tokens("und", "Kifurushi changu KIKO wápi"));
  }

  @Test
  void eachFamilySeesOnlyItsOwnScriptsOfAQuery() {
    assertEquals("物流延迟", QueryScripts.keepScriptsOf("zh", "物流延迟").strip());
    // Chinese does not see Latin; German does not see Han.
    assertEquals("物流延迟", QueryScripts.keepScriptsOf("zh", "物流延迟 delay").strip());
    assertEquals("delay", QueryScripts.keepScriptsOf("de", "物流延迟 delay").strip());
    // Japanese sees kana and kanji.
    assertEquals("配送が遅れる", QueryScripts.keepScriptsOf("ja", "配送が遅れる").strip());
    // Russian sees Cyrillic and Latin brand names.
    assertEquals("оплата PayPal", QueryScripts.keepScriptsOf("ru", "оплата PayPal").strip());
  }

  @Test
  void stopWordsAnalysedAsOneTextAreTheWordsAnalysedOneByOne() {
    try (LanguageAnalyzers every = new LanguageAnalyzers(Glossary.locales())) {
      Vocabulary vocabulary = new Vocabulary(Glossary.bundled(every), every, word -> false);
      for (String family : every.families()) {
        java.util.Set<String> words = every.stopWords(family);
        java.util.Set<String> one = new java.util.HashSet<>();
        words.forEach(w -> one.addAll(vocabulary.surfaceWords(w)));
        java.util.Set<String> batched =
            new java.util.HashSet<>(vocabulary.surfaceWords(String.join("\n", words)));
        assertEquals(one, batched, family);
      }
    }
  }

  /**
   * Which families read a text, by its scripts: Han alone is not Korean (Hanja beside Hangul is),
   * kana is Japanese whatever the kanji, and Han with characters Japanese does not write is Chinese
   * only.
   */
  @ParameterizedTest(name = "{0} reads \"{1}\": {2}")
  @CsvSource({
    "ko, 配送遅延, false",
    "zh, 配送遅延, true",
    "ja, 配送遅延, true",
    "ko, 配送 지연, true",
    "zh, 配送が遅れています, false",
    "zh, キャンセル 返金, false",
    "ja, 配送が遅れています, true",
    "zh, 配送延迟 PayPal, true",
    "ja, 物流还显示在转运中心, false", // 还 转: Simplified
    "ja, 黑貓沒送到, false", // 黑 貓: Traditional
    "ja, 梱包, true", // a rarer kanji of the trade
    "ja, 物流, true", // shared: read both ways
    "zh, 物流, true",
    "ja, 这个はどう, true", // kana: Japanese whatever the kanji
  })
  void aFamilyReadsATextByItsScripts(String family, String text, boolean reads) {
    assertEquals(reads, QueryScripts.hasWordsFor(family, text));
  }

  @Test
  void aKoreanMessageKeepsItsHanjaForNori() {
    assertEquals("配送 지연", QueryScripts.keepScriptsOf("ko", "配送 지연 delay").strip());
  }

  @Test
  void aQueryInOneLanguageIsReadInTheFamiliesThatShareItsScript() {
    assertTrue(QueryScripts.readsWritingOf("ja", "zh")); // kanji
    assertTrue(QueryScripts.readsWritingOf("zh", "ja"));
    assertFalse(QueryScripts.readsWritingOf("ko", "zh")); // Han alone is not Korean
    assertTrue(QueryScripts.readsWritingOf("zh", "ko")); // Hanja beside Hangul
    assertTrue(QueryScripts.readsWritingOf("it", "de")); // Latin
    assertTrue(QueryScripts.readsWritingOf("ru", "de")); // Latin brand names in Russian
    assertFalse(QueryScripts.readsWritingOf("ja", "de"));
    assertFalse(QueryScripts.readsWritingOf("ar", "ru"));
  }
}
