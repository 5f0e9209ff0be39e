package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closest catalog word of a misspelled one: fewest edits first, then the word most variants
 * use. A long word is first looked up one edit away, and that shortcut must choose as the two-edit
 * lookup would.
 */
class TypoLookupTest {
  @TempDir static Path dir;
  static LanguageAnalyzers analyzers;
  static ReplyIndex index;

  @BeforeAll
  static void open() throws IOException {
    Path templates = dir.resolve("templates");
    // "wrapping" in one variant; "wrappings" (two edits from "wrappinx") and "wrapper" in three
    // each: the most frequent words nearby, but not the nearest.
    TestCatalogs.write(
        templates, "en/thanks/a.md", "---\ntitle: Gift wrapping\n---\nWe wrap it, {customer}.\n");
    for (String name : List.of("b", "c", "d")) {
      TestCatalogs.write(
          templates,
          "en/thanks/" + name + ".md",
          "---\ntitle: Wrappings " + name + "\n---\nA wrapper and wrappings, {customer}.\n");
    }
    Catalog catalog = new CatalogLoader().load(templates);
    analyzers = new LanguageAnalyzers(List.of(ULocale.ENGLISH));
    ReplySchema schema =
        new ReplySchema(
            analyzers,
            List.of(LanguageAnalyzers.familyOf(ULocale.ENGLISH)),
            Glossary.bundled(analyzers));
    index = ReplyIndex.open(dir.resolve("index"), catalog, schema);
  }

  @AfterAll
  static void close() throws IOException {
    index.close();
    analyzers.close();
  }

  @Test
  void aLongWordOneEditAwayWinsOverMoreFrequentWordsTwoEditsAway() throws IOException {
    assertEquals(Optional.of("wrapping"), index.closestWord("wrappinx"));
    assertEquals(Optional.of("wrapping"), index.closestWord("wrapping"));
  }

  @Test
  void aLongWordTwoEditsAwayIsStillFound() throws IOException {
    // "wrapxinx" is two edits from "wrapping" and three or more from the rest.
    assertEquals(Optional.of("wrapping"), index.closestWord("wrapxinx"));
  }

  @Test
  void amongWordsAsNearTheMostFrequentWins() throws IOException {
    // "wrappingx" is one edit from "wrapping" (one variant) and from "wrappings" (three).
    assertEquals(Optional.of("wrappings"), index.closestWord("wrappingx"));
  }

  @Test
  void aWordFarFromEveryCatalogWordHasNone() throws IOException {
    assertEquals(Optional.empty(), index.closestWord("zebrafish"));
  }

  @Test
  void aWordAddedByAnUpdateIsFoundAndClosedSegmentsLeaveNothingBehind() throws IOException {
    Path templates = dir.resolve("updated");
    TestCatalogs.write(
        templates, "en/thanks/a.md", "---\ntitle: Gift wrapping\n---\nWe wrap it, {customer}.\n");
    ReplySchema schema =
        new ReplySchema(
            analyzers,
            List.of(LanguageAnalyzers.familyOf(ULocale.ENGLISH)),
            Glossary.bundled(analyzers));
    try (ReplyIndex updated =
        ReplyIndex.open(
            dir.resolve("updated-index"), new CatalogLoader().load(templates), schema)) {
      assertEquals(Optional.empty(), updated.closestWord("ribbonz"));
      for (int i = 0; i < 30; i++) {
        TestCatalogs.write(
            templates,
            "en/thanks/b.md",
            "---\ntitle: Ribbons " + i + "\n---\nRibbons for you, {customer}.\n");
        Catalog catalog = new CatalogLoader().load(templates);
        updated.update(catalog, List.of(dev.replykb.catalog.TemplateId.parse("thanks/b")), schema);
        assertEquals(Optional.of("ribbons"), updated.closestWord("ribbonz"), "update " + i);
      }
      // Thirty updates made thirty segments; merging closed most: their words went with them.
      assertTrue(
          updated.segmentsWithWords() < 30, updated.segmentsWithWords() + " segments kept words");
    }
  }
}
