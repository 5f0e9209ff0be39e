package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.CatalogWatcher;
import dev.replykb.catalog.TemplateId;
import dev.replykb.locale.LocalePreferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits made to the files directly are taken in without a restart. */
class LiveReloadTest {
  @TempDir Path dir;

  private static String top(ReplySearch search, String q) throws IOException {
    return search.search(q, LocalePreferences.parse("en"), null, 1).stream()
        .findFirst()
        .map(r -> r.template().id().toString())
        .orElse(null);
  }

  @Test
  void aRebuiltIndexIsOneSegmentAndTheUpdatesAfterItAreMergedAsTheyCome() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    Path index = dir.resolve("index");
    try (ReplySearch search = ReplySearch.open(new CatalogLoader().load(root), index)) {
      assertTrue(search.indexRebuilt());
      assertEquals(1, committedSegments(index), "a rebuild ends in one segment");
      // Each new template is a commit of its own segment: merged in as they pile up (a rebuild
      // merges nothing until its end, and must hand the writer back its merge policy).
      int added = 30;
      for (int i = 0; i < added; i++) {
        String file = "en/thanks/note-" + i + ".md";
        TestCatalogs.write(root, file, "---\ntitle: Note " + i + " qqv" + i + "\n---\nThanks.\n");
        search.refresh(Set.of(file));
      }
      assertEquals("thanks/note-29", top(search, "qqv29"));
      int segments = committedSegments(index);
      assertTrue(segments < added / 2, segments + " segments after " + added + " updates");
    }
  }

  private static int committedSegments(Path index) throws IOException {
    try (org.apache.lucene.store.Directory directory =
        org.apache.lucene.store.FSDirectory.open(index)) {
      return org.apache.lucene.index.SegmentInfos.readLatestCommit(directory).size();
    }
  }

  @Test
  void changedFilesAreSearchableAfterARefreshAndBrokenOnesKeepTheirLastGoodVersion()
      throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    try (ReplySearch search =
        ReplySearch.open(new CatalogLoader().load(root), dir.resolve("index"))) {
      TestCatalogs.write(
          root,
          "en/thanks/gift-wrap.md",
          "---\ntitle: Gift wrapping zzyzx\n---\nWe wrap gifts, {customer}.\n");
      search.refresh(Set.of("en/thanks/gift-wrap.md"));
      assertEquals("thanks/gift-wrap", top(search, "zzyzx"));
      // Broken now: reported, and the last good version keeps being served.
      TestCatalogs.write(
          root, "en/thanks/gift-wrap.md", "---\ntitle: Gift wrapping zzyzx\n---\nWe wrap {gifts\n");
      Catalog catalog = search.refresh(Set.of("en/thanks/gift-wrap.md"));
      assertEquals(1, catalog.problems().size());
      assertEquals("thanks/gift-wrap", top(search, "zzyzx"));
      assertTrue(catalog.template(TemplateId.parse("thanks/gift-wrap")).isPresent());
      // Deleted: gone from the search.
      Files.delete(root.resolve("en/thanks/gift-wrap.md"));
      catalog = search.refresh(Set.of("en/thanks/gift-wrap.md"));
      assertEquals(null, top(search, "zzyzx"));
      assertEquals(0, catalog.problems().size());
      // A restart over the same index finds it current.
      assertEquals(catalog.fingerprint(), new CatalogLoader().load(root).fingerprint());
    }
    try (ReplySearch reopened =
        ReplySearch.open(new CatalogLoader().load(root), dir.resolve("index"))) {
      assertTrue(!reopened.indexRebuilt());
    }
  }

  @Test
  void theWatcherReportsEditedNewAndDeletedFiles() throws Exception {
    Path root = TestCatalogs.copy("shop", dir);
    BlockingQueue<Set<String>> batches = new LinkedBlockingQueue<>();
    try (CatalogWatcher watcher = new CatalogWatcher(root, Duration.ofMillis(100), batches::add)) {
      Path file = root.resolve("en/after-sales/refund-status.md");
      Files.writeString(file, Files.readString(file).replace("was issued", "has been issued"));
      assertEquals(Set.of("en/after-sales/refund-status.md"), next(batches));
      TestCatalogs.write(
          root,
          "fr/thanks/review-thanks.md",
          "---\ntitle: Merci pour votre avis\n---\nMerci {customer} !\n");
      assertTrue(next(batches).contains("fr/thanks/review-thanks.md"));
      Files.delete(root.resolve("fr/thanks/review-thanks.md"));
      assertTrue(next(batches).contains("fr/thanks/review-thanks.md"));
      // sed -i writes a temporary file without a dot and renames it over the file: one file.
      Path temporary = root.resolve("en/after-sales/sedX1b2c3");
      Files.writeString(temporary, Files.readString(file).replace("has been", "was"));
      Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertEquals(Set.of("en/after-sales/refund-status.md"), next(batches));
      // A folder removed: everything is read again.
      Files.delete(root.resolve("fr/thanks"));
      assertTrue(next(batches).contains("catalog.yaml"));
    }
  }

  @Test
  void aServingSearchTakesInFileEditsWithinSecondsAndKeepsTheLastGoodVersionOfABrokenFile()
      throws Exception {
    Path root = TestCatalogs.copy("shop", dir);
    try (ReplySearch search =
            ReplySearch.open(new CatalogLoader().load(root), dir.resolve("index"));
        CatalogWatcher watcher = search.watchCatalog(Duration.ofMillis(100))) {
      Path file = root.resolve("en/after-sales/refund-status.md");
      String good = Files.readString(file).replace("was issued", "was issued via Quetzalpay");
      Files.writeString(file, good);
      assertEquals("after-sales/refund-status", await(() -> top(search, "Quetzalpay")));
      // An editor saves a broken version: reported, while the last good one is still found.
      Files.writeString(file, good.replace("{orderId}", "{orderId"));
      await(() -> search.catalog().problems().isEmpty() ? null : "reported");
      assertEquals("en/after-sales/refund-status.md", search.catalog().problems().get(0).file());
      assertEquals("after-sales/refund-status", top(search, "Quetzalpay"));
      // A git pull brings a new locale folder with a file in it.
      TestCatalogs.write(
          root,
          "fr/after-sales/refund-status.md",
          "---\ntitle: Remboursement effectué\ntone: formal\n---\n"
              + "Bonjour {customer}, le remboursement Zorglub de {orderId} est fait.\n");
      assertEquals("after-sales/refund-status", await(() -> top(search, "Zorglub")));
    }
  }

  /** Polls {@code probe} until it answers non-null, for at most five seconds. */
  private static String await(java.util.concurrent.Callable<String> probe) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      String answer = probe.call();
      if (answer != null) {
        return answer;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not taken in within five seconds");
  }

  private static Set<String> next(BlockingQueue<Set<String>> batches) throws InterruptedException {
    Set<String> batch = batches.poll(10, TimeUnit.SECONDS);
    assertTrue(batch != null, "no change reported within 10 seconds");
    return batch;
  }
}
