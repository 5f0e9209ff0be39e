package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.locale.LocalePreferences;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The relevance mechanisms, each on the small fixture catalog {@code catalogs/shop}. */
class SearchQualityTest {
  @TempDir static Path dir;
  static ReplySearch search;

  @BeforeAll
  static void open() throws IOException {
    search =
        ReplySearch.open(
            new CatalogLoader().load(TestCatalogs.copy("shop", dir)), dir.resolve("index"));
  }

  @AfterAll
  static void close() throws IOException {
    search.close();
  }

  private static String top(String q, String locale) throws IOException {
    return search.search(q, LocalePreferences.parse(locale), null, 5).stream()
        .findFirst()
        .map(r -> r.template().id().toString())
        .orElse(null);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # one typo, two typos, a swapped pair of letters, missing accents
          refnud                 | after-sales/refund-status
          retrun                 | after-sales/return-request
          Rücksenndung           | after-sales/return-request
          Lieferverzögrung       | logistics/delay-apology
          compensaton coupon     | logistics/delay-apology
          devolucao              | after-sales/return-request
          # Cyrillic: looked up with a code-point automaton, Latin words with a byte one
          возрат                 | after-sales/return-request
          вовзрат                | after-sales/return-request
          """)
  void toleratesTypos(String q, String expected) throws IOException {
    assertEquals(expected, top(q, "en"));
  }

  @Test
  void fuzzyMatchesNeverDrownAnExactWord() throws IOException {
    // "return" is one edit from "returns" and two from "refund"-like words; the exact word wins.
    assertEquals("after-sales/return-request", top("return", "en"));
    assertEquals("after-sales/refund-status", top("refund", "en"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"wuliu yanchi", "wuliuyanchi", "wlyc", "wu liu yan chi", "xiugai dizhi"})
  void findsChineseTemplatesByPinyinAndInitials(String q) throws IOException {
    String expected =
        q.startsWith("xiugai") ? "logistics/address-change" : "logistics/delay-apology";
    assertEquals(expected, top(q, "zh-CN"));
  }

  @Test
  void aQueryFindsAReplyThatHasNoVariantInItsLanguage() throws IOException {
    // review-thanks exists in English only; the German words reach it through the terminology.
    assertEquals("thanks/review-thanks", top("Danke für die Bewertung, fünf Sterne", "de"));
    // refund-status has no Russian variant.
    assertEquals("after-sales/refund-status", top("возврат денег", "ru"));
  }

  @Test
  void aPastedBuyerMessageMatchesTheReplyItsExamplesAnswer() throws IOException {
    assertEquals(
        "logistics/delay-apology",
        top("hi, where is my parcel?? ordered 3 weeks ago and it still hasn't arrived", "en"));
    assertEquals(
        "after-sales/return-request",
        top("hallo, wie kann ich das zurückschicken? passt leider nicht", "de"));
  }

  @Test
  void negationIsKeptSoNotReceivedIsNotReceived() {
    LanguageAnalyzers analyzers =
        new LanguageAnalyzers(List.of(ULocale.ENGLISH, ULocale.GERMAN, ULocale.FRENCH));
    assertEquals(
        List.of("not", "receiv"),
        ReplySchema.tokens(analyzers.analyzer("en"), "f", "not received"));
    assertEquals(
        List.of("nicht", "angekomm"),
        ReplySchema.tokens(analyzers.analyzer("de"), "f", "nicht angekommen"));
    assertEquals(
        List.of("pas", "recu"), ReplySchema.tokens(analyzers.analyzer("fr"), "f", "pas reçu"));
  }

  @Test
  void everyTerminologyFileNamesTheSameConcepts() {
    Map<String, Map<String, List<String>>> terms = Glossary.load();
    Set<String> concepts = terms.get("en").keySet();
    assertTrue(concepts.size() >= 50);
    terms.forEach(
        (language, byConcept) -> {
          assertEquals(concepts, byConcept.keySet(), language);
          byConcept.forEach(
              (concept, list) ->
                  assertTrue(!list.isEmpty(), language + " " + concept + " has terms"));
        });
  }

  @Test
  void conceptsAreFoundInAnyLanguageAndInflection() {
    LanguageAnalyzers analyzers = new LanguageAnalyzers(Glossary.locales());
    Glossary glossary = Glossary.bundled(analyzers);
    assertTrue(concepts(glossary, analyzers, "de", "Rückerstattungen").contains("refund"));
    assertTrue(concepts(glossary, analyzers, "es", "reembolsó el dinero").contains("refund"));
    assertTrue(concepts(glossary, analyzers, "zh", "退款").contains("refund"));
    assertTrue(concepts(glossary, analyzers, "zh", "退款到賬").contains("refund"));
    assertTrue(concepts(glossary, analyzers, "ja", "返金").contains("refund"));
    assertTrue(
        concepts(glossary, analyzers, "en", "my parcel is stuck in customs").contains("customs"));
  }

  private static List<String> concepts(
      Glossary glossary, LanguageAnalyzers analyzers, String family, String text) {
    return glossary.concepts(family, ReplySchema.tokens(analyzers.analyzer(family), "f", text));
  }

  @Test
  void usageLiftIsModerateAndSaturates() {
    assertEquals(1.0f, ReplySearch.usageLift(0), 1e-6);
    assertTrue(ReplySearch.usageLift(10) > 1.0f);
    assertTrue(ReplySearch.usageLift(10) < ReplySearch.usageLift(100));
    assertEquals(ReplySearch.usageLift(100), ReplySearch.usageLift(100_000), 1e-6);
    assertEquals(1.0 + ReplySearch.USAGE_LIFT, ReplySearch.usageLift(100_000), 1e-6);
  }
}
