package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How much of a query the found templates account for (ReplyIndex.covered): read from the documents
 * a search found them at, or by their ids when the index changed since, with the same answer.
 */
class CoverageTest {
  @TempDir Path dir;

  @Test
  void theDocumentsFoundAndTheIdsGiveTheSameCoverage() throws IOException {
    Path templates = TestCatalogs.copy("shop", dir);
    Catalog catalog = new CatalogLoader().load(templates);
    try (ReplySearch search = ReplySearch.open(catalog, dir.resolve("index"))) {
      String query = "where is my refund, the parcel never arrived";
      ReplyIndex index = search.indexForTools();
      ReplySchema.Plan plan =
          search.schemaForTools().plan(query, null, search.detector().plausibility(query), 0);
      List<ReplyIndex.Found> found = index.find(plan.words(), plan.meaning(), 16, 16);
      assertTrue(found.size() >= 2, "found " + found);
      for (ReplyIndex.Found f : found) {
        Template template = catalog.template(f.id()).orElseThrow();
        assertEquals(
            template.variants().size() + 1,
            f.last() - f.first() + 1,
            f.id() + ": its variants and its own document");
      }
      List<String> words = List.of("refund", "parcel", "arrived", "never", "zzyzx");
      Set<String> concepts = plan.concepts();
      int[] byDocuments = index.covered(found, words, concepts);
      int[] byIds = index.covered(elsewhere(found), words, concepts);
      assertArrayEquals(byIds, byDocuments);
      assertTrue(Arrays.stream(byDocuments).anyMatch(c -> c > 0), Arrays.toString(byDocuments));
      assertTrue(Arrays.stream(byDocuments).allMatch(c -> c < words.size() + concepts.size()));

      // The index changes after the search: its documents are elsewhere now, found by id.
      index.update(catalog, List.of(found.get(0).id()), search.schemaForTools());
      assertFalse(
          index.find(plan.words(), plan.meaning(), 16, 16).get(0).reader()
              == found.get(0).reader());
      assertArrayEquals(byDocuments, index.covered(found, words, concepts));
    }
  }

  /** The same templates as if found in another reader. */
  private static List<ReplyIndex.Found> elsewhere(List<ReplyIndex.Found> found) {
    return found.stream()
        .map(f -> new ReplyIndex.Found(f.id(), f.best(), f.sum(), f.concepts(), null, -1, -1))
        .toList();
  }
}
