package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateLookup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search's candidates (ReplyIndex.find): each the template of the catalog the search is served
 * from, and how much of the query it accounts for (ReplyIndex.covered), read from the documents it
 * was found at, or by its id when the index changed since, with the same answer.
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
      List<ReplyIndex.Found> found = index.find(plan.words(), plan.meaning(), 16, 16, catalog);
      assertTrue(found.size() >= 2, "found " + found);
      for (ReplyIndex.Found f : found) {
        Template template = f.template();
        assertEquals(catalog.template(f.id()).orElseThrow(), template);
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
          index.find(plan.words(), plan.meaning(), 16, 16, catalog).get(0).reader()
              == found.get(0).reader());
      assertArrayEquals(byDocuments, index.covered(found, words, concepts));
    }
  }

  @Test
  void aCandidateIsTheTemplateOfTheCatalogAskedFor() throws IOException {
    Path templates = TestCatalogs.copy("shop", dir);
    Catalog first = new CatalogLoader().load(templates);
    try (ReplySearch search = ReplySearch.open(first, dir.resolve("index"))) {
      ReplyIndex index = search.indexForTools();
      String query = "refund status";
      ReplySchema.Plan plan =
          search.schemaForTools().plan(query, null, search.detector().plausibility(query), 0);
      ReplyIndex.Found f = index.find(plan.words(), plan.meaning(), 16, 16, first).get(0);
      assertSame(first.template(f.id()).orElseThrow(), f.template());
      // Read again: equal templates, other objects. Each search is served from its own catalog.
      Catalog second = new CatalogLoader().load(templates);
      ReplyIndex.Found g = index.find(plan.words(), plan.meaning(), 16, 16, second).get(0);
      assertEquals(f.id(), g.id());
      assertSame(second.template(g.id()).orElseThrow(), g.template());
      assertNotSame(f.template(), g.template());
      // A catalog without the template: the candidate has none to serve.
      TemplateLookup without = id -> id.equals(f.id()) ? Optional.empty() : first.template(id);
      ReplyIndex.Found h =
          index.find(plan.words(), plan.meaning(), 16, 16, without).stream()
              .filter(c -> c.id().equals(f.id()))
              .findFirst()
              .orElseThrow();
      assertNull(h.template());
    }
  }

  /** The same templates as if found in another reader. */
  private static List<ReplyIndex.Found> elsewhere(List<ReplyIndex.Found> found) {
    return found.stream()
        .map(
            f ->
                new ReplyIndex.Found(
                    f.id(), f.template(), f.best(), f.sum(), f.concepts(), null, -1, -1))
        .toList();
  }
}
