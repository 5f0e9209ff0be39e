package dev.replykb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.search.ReplySearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
  @TempDir Path dir;

  private static Path queries() {
    return Path.of("src/test/resources/eval/shop-queries.tsv");
  }

  @Test
  void readsALabelledQueryFile() throws IOException {
    List<EvalQuery> queries = EvalQueries.read(queries());
    assertEquals(5, queries.size());
    assertEquals(
        new EvalQuery("Retoure", "de-AT", "after-sales/return-request", "de", "keyword", 3),
        queries.get(1));
  }

  @Test
  void rejectsAFileWithoutTheHeaderOrWithShortRows() throws IOException {
    Path noHeader = Files.writeString(dir.resolve("a.tsv"), "refund\ten\tx/y\ten\tkeyword\n");
    assertThrows(IllegalArgumentException.class, () -> EvalQueries.read(noHeader));
    Path shortRow =
        Files.writeString(
            dir.resolve("b.tsv"),
            "query\tlocale\texpected_id\texpected_locale\tkind\nrefund\ten\tx/y\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EvalQueries.read(shortRow));
    assertTrue(e.getMessage().contains(":2: expected 5"), e.getMessage());
  }

  @Test
  void scoresHitsReciprocalRanksAndLocales() throws IOException {
    Catalog catalog = new CatalogLoader().load(TestCatalogs.copy("shop", dir));
    try (ReplySearch search = ReplySearch.open(catalog, dir.resolve("index"))) {
      List<Evaluation.Outcome> outcomes =
          new Evaluation(search).run(Evaluation.replykb(search), EvalQueries.read(queries()));
      // The four answerable queries are found and served right; gibberish finds nothing.
      assertEquals(
          List.of(true, true, true, true, false),
          outcomes.stream().map(Evaluation.Outcome::hit).toList());
      Scores scores = Scores.of(outcomes);
      assertEquals(0.8, scores.hitAt1(), 1e-9);
      assertEquals(0.8, scores.mrrAt10(), 1e-9);
      assertEquals(1.0, scores.localeAccuracy(), 1e-9);
    }
  }

  @Test
  void reciprocalRankCountsOnlyTheFirstTen() {
    EvalQuery q = new EvalQuery("q", "en", "a/b", "en", "keyword", 2);
    Evaluation.Outcome second = new Evaluation.Outcome(q, List.of("x/y", "a/b"), "en", null);
    Evaluation.Outcome eleventh =
        new Evaluation.Outcome(
            q,
            List.of("x/1", "x/2", "x/3", "x/4", "x/5", "x/6", "x/7", "x/8", "x/9", "x/10", "a/b"),
            "en",
            null);
    assertEquals(2, second.rank());
    assertEquals(0, eleventh.rank());
    Scores scores = Scores.of(List.of(second, eleventh));
    assertEquals(0.25, scores.mrrAt10(), 1e-9);
    assertEquals(0.0, scores.hitAt1(), 1e-9);
  }

  @Test
  void baselinesRankByLuceneDefaultsAndBySubstring() throws IOException {
    Catalog catalog = new CatalogLoader().load(TestCatalogs.copy("shop", dir));
    StandardBaseline standard = new StandardBaseline(catalog);
    assertEquals("after-sales/refund-status", standard.rank("refund", null, 10).get(0));
    SubstringBaseline substring = new SubstringBaseline(catalog);
    // A LIKE query finds the words as written and nothing else: no stemming, no other language.
    assertEquals(List.of("after-sales/refund-status"), substring.rank("Refund status", null, 10));
    assertEquals(List.of(), substring.rank("refunds", null, 10));
  }

  @Test
  void readsLabelledMessagesAndTheirIntentMap() throws IOException {
    Path map =
        Files.writeString(
            dir.resolve("map.tsv"),
            "label\ttemplates\nREFUND\tafter-sales/refund-status\nOTHER\t-\nNONE\toff\n");
    Path csv =
        Files.writeString(
            dir.resolve("m.csv"),
            "sentence,label\n\"where is my refund, please\",REFUND\nhow do I sign up,OTHER\nhi,NONE\nbroken row,UNKNOWN\n");
    List<LabelledMessages.Message> messages =
        LabelledMessages.read(csv, "sentence", "label", LabelledMessages.intents(map));
    assertEquals(3, messages.size());
    assertEquals("where is my refund, please", messages.get(0).text());
    assertTrue(messages.get(0).answerable());
    assertTrue(!messages.get(1).answerable() && !messages.get(1).offTopic());
    assertTrue(messages.get(2).offTopic());
  }
}
