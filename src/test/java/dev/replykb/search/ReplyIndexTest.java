package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.locale.LocalePreferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index folder: reused while the catalog is unchanged, rebuilt safely when it is not. */
class ReplyIndexTest {
  @TempDir Path dir;
  Path templates;
  Path index;

  @BeforeEach
  void setUp() {
    templates = TestCatalogs.copy("shop", dir);
    index = dir.resolve("index");
  }

  private Catalog catalog() throws IOException {
    return new CatalogLoader().load(templates);
  }

  /** Opens the search, returns whether it had to rebuild, and checks a search works. */
  private boolean open(String query, String expectedId) throws IOException {
    try (ReplySearch search = ReplySearch.open(catalog(), index)) {
      assertEquals(
          expectedId,
          search
              .best(query, LocalePreferences.parse("en"))
              .map(r -> r.template().id().toString())
              .orElse(null));
      return search.indexRebuilt();
    }
  }

  @Test
  void anUnchangedCatalogReusesTheIndex() throws IOException {
    assertTrue(open("refund", "after-sales/refund-status"), "first open builds");
    assertFalse(open("refund", "after-sales/refund-status"), "second open reuses");
  }

  @Test
  void aChangedFileTriggersARebuild() throws IOException {
    assertTrue(open("refund", "after-sales/refund-status"));
    TestCatalogs.write(
        templates,
        "en/thanks/gift-wrap.md",
        "---\ntitle: Gift wrapping\ntags: [gift wrap, zzyzx]\n---\nWe gift-wrap every order, {customer}.\n");
    assertTrue(open("gift wrapping", "thanks/gift-wrap"), "a new file rebuilds");
    Path file = templates.resolve("en/thanks/gift-wrap.md");
    Files.writeString(file, Files.readString(file).replace("Gift wrapping", "Qwertyuiop"));
    assertTrue(open("qwertyuiop", "thanks/gift-wrap"), "an edited file rebuilds");
    Files.delete(file);
    assertTrue(open("zzyzx", null), "a deleted file rebuilds");
    assertFalse(open("refund", "after-sales/refund-status"));
  }

  @Test
  void anIndexFromAnotherSchemaVersionIsRebuilt() throws IOException {
    assertTrue(open("refund", "after-sales/refund-status"));
    try (FSDirectory directory = FSDirectory.open(index);
        IndexWriter writer =
            new IndexWriter(directory, ReplyIndex.sorted(new IndexWriterConfig()))) {
      writer.setLiveCommitData(
          java.util.Map.of(
                  ReplyIndex.FINGERPRINT_KEY, catalog().fingerprint(), ReplyIndex.SCHEMA_KEY, "0")
              .entrySet());
      writer.commit();
    }
    assertTrue(open("refund", "after-sales/refund-status"));
  }

  @Test
  void aCrashMidRebuildLeavesAnIndexThatIsRecovered() throws IOException {
    assertTrue(open("refund", "after-sales/refund-status"));
    // Simulate a rebuild that crashed before its commit: segment files are on disk but no new
    // commit points to them. Copying the folder while the writer is open captures that state.
    Path crashed = dir.resolve("crashed");
    try (FSDirectory directory = FSDirectory.open(index);
        IndexWriter writer =
            new IndexWriter(
                directory,
                new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setCommitOnClose(false))) {
      for (int i = 0; i < 50; i++) {
        Document doc = new Document();
        doc.add(new StringField("junk", "x" + i, Field.Store.YES));
        writer.addDocument(doc);
      }
      writer.flush();
      Files.createDirectories(crashed);
      try (Stream<Path> files = Files.list(index)) {
        for (Path file : files.toList()) {
          Files.copy(file, crashed.resolve(file.getFileName()));
        }
      }
      writer.rollback();
    }
    index = crashed;
    // The previous commit is still the index, and still current: it is served as is.
    assertFalse(open("refund", "after-sales/refund-status"));
    // A catalog change rebuilds over the leftovers.
    TestCatalogs.write(templates, "en/thanks/extra.md", "---\ntitle: Extra thanks\n---\nThanks!\n");
    assertTrue(open("extra thanks", "thanks/extra"));
  }

  @Test
  void anUnreadableIndexIsWipedAndRebuiltKeepingOtherFiles() throws IOException {
    assertTrue(open("refund", "after-sales/refund-status"));
    Files.writeString(index.resolve("usage.json"), "{}");
    try (Stream<Path> files = Files.list(index)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
        Files.write(file, new byte[] {1, 2, 3});
      }
    }
    assertTrue(open("refund", "after-sales/refund-status"));
    assertTrue(Files.exists(index.resolve("usage.json")), "files that are not Lucene's stay");
  }

  @Test
  void theIndexHoldsEachTemplatesVariantsAndThenItsConceptsAsOneBlock() throws IOException {
    Catalog catalog = catalog();
    try (ReplySearch search = ReplySearch.open(catalog, index)) {
      assertTrue(search.indexRebuilt());
    }
    assertBlocks(catalog);
    // An edit replaces the template's block whole: the edited variant is searchable at once and
    // the blocks stay intact, also after the segments are merged into one.
    Path file = templates.resolve("en/after-sales/refund-status.md");
    try (ReplySearch search = ReplySearch.open(catalog, index)) {
      assertFalse(search.indexRebuilt());
      Files.writeString(file, Files.readString(file).replace("title:", "title: Qwertyuiop"));
      search.refresh(List.of("en/after-sales/refund-status.md"));
      assertEquals(
          "after-sales/refund-status",
          search
              .best("qwertyuiop", LocalePreferences.parse("de"))
              .map(r -> r.template().id().toString())
              .orElse(null));
    }
    assertBlocks(catalog());
    try (FSDirectory directory = FSDirectory.open(index);
        IndexWriter writer =
            new IndexWriter(
                directory,
                ReplyIndex.sorted(new IndexWriterConfig())
                    .setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
      writer.forceMerge(1);
      writer.commit();
    }
    assertBlocks(catalog());
    assertEquals(List.of(), catalog.problems());
  }

  /**
   * Every live document is a variant or a template's concepts; each template's document comes right
   * after its variants, and there is one block per template.
   */
  private void assertBlocks(Catalog catalog) throws IOException {
    try (FSDirectory directory = FSDirectory.open(index);
        var reader = org.apache.lucene.index.DirectoryReader.open(directory)) {
      assertEquals(catalog.variantCount() + catalog.templates().size(), reader.numDocs());
      java.util.Set<String> blocks = new java.util.HashSet<>();
      for (var leaf : reader.leaves()) {
        var live = leaf.reader().getLiveDocs();
        var ids = org.apache.lucene.index.DocValues.getSorted(leaf.reader(), ReplySchema.ID);
        var locales =
            org.apache.lucene.index.DocValues.getSorted(leaf.reader(), ReplySchema.LOCALE);
        List<String> open = new java.util.ArrayList<>();
        String previous = null;
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          if (live != null && !live.get(doc)) {
            continue;
          }
          assertTrue(ids.advanceExact(doc));
          String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
          if (locales.advanceExact(doc)) {
            open.add(id); // a variant: its template's document follows
          } else {
            int variants =
                catalog
                    .template(dev.replykb.catalog.TemplateId.parse(id))
                    .orElseThrow()
                    .variants()
                    .size();
            assertEquals(java.util.Collections.nCopies(variants, id), open, "the block of " + id);
            assertTrue(blocks.add(id), "one block for " + id);
            // Each segment holds its blocks in the order of the templates' ids, whatever order
            // the build's threads added them in.
            assertTrue(previous == null || previous.compareTo(id) < 0, previous + " before " + id);
            previous = id;
            open.clear();
          }
        }
        assertEquals(List.of(), open, "variants without their template's document");
      }
      assertEquals(catalog.templates().size(), blocks.size());
    }
  }

  @Test
  void twoBuildsOfOneCatalogHoldTheSameDocumentsInTheSameOrder() throws IOException {
    Catalog catalog = catalog();
    Path other = dir.resolve("other-index");
    try (ReplySearch first = ReplySearch.open(catalog, index);
        ReplySearch second = ReplySearch.open(catalog, other)) {
      assertTrue(first.indexRebuilt());
      assertTrue(second.indexRebuilt());
    }
    assertEquals(documentIds(index), documentIds(other));
    assertBlocks(catalog);
  }

  /** The ids of the index's documents, leaf by leaf, in document order. */
  private static List<String> documentIds(Path folder) throws IOException {
    List<String> all = new java.util.ArrayList<>();
    try (FSDirectory directory = FSDirectory.open(folder);
        var reader = org.apache.lucene.index.DirectoryReader.open(directory)) {
      for (var leaf : reader.leaves()) {
        var ids = org.apache.lucene.index.DocValues.getSorted(leaf.reader(), ReplySchema.ID);
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          assertTrue(ids.advanceExact(doc));
          all.add(ids.lookupOrd(ids.ordValue()).utf8ToString());
        }
      }
    }
    return all;
  }

  @Test
  void everyScoredFieldHasALengthInEveryDocumentAndEmptyOnesCountForNothing() throws IOException {
    try (ReplySearch search = ReplySearch.open(catalog(), index)) {
      assertTrue(search.indexRebuilt());
    }
    try (var directory = FSDirectory.open(index);
        var reader = org.apache.lucene.index.DirectoryReader.open(directory)) {
      int partial = 0;
      for (var leaf : reader.leaves()) {
        for (var info : leaf.reader().getFieldInfos()) {
          if (!info.hasNorms()) {
            continue;
          }
          // Norms that every document has are read by position, not searched for (dense).
          var norms = leaf.reader().getNormValues(info.name);
          for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
            assertTrue(norms.advanceExact(doc), info.name + " has no length in document " + doc);
          }
          var terms = leaf.reader().terms(info.name);
          int withTerms = terms == null ? 0 : terms.getDocCount();
          if (withTerms < leaf.reader().maxDoc()) {
            partial++; // BM25's statistics count only the documents that have words there
          }
        }
      }
      assertTrue(partial > 0, "some fields are empty in some documents, and not counted");
    }
  }
}
