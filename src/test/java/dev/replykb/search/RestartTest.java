package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.locale.LocalePreferences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server restarts from its snapshot and takes in what changed on disk while it was down. */
class RestartTest {
  @TempDir Path dir;

  private static String top(ReplySearch search, String q) throws Exception {
    return search.search(q, LocalePreferences.parse("en"), null, 1).stream()
        .findFirst()
        .map(r -> r.template().id() + " " + r.variant().title())
        .orElse(null);
  }

  @Test
  void aRestartServesFromTheSnapshotAndTakesInTheFilesChangedMeanwhile() throws Exception {
    Path root = TestCatalogs.copy("shop", dir);
    Path index = dir.resolve("index");
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      assertTrue(search.indexRebuilt());
      assertTrue(top(search, "refund").startsWith("after-sales/refund-status"));
    }
    assertTrue(Files.isRegularFile(index.resolve(ReplySearch.SNAPSHOT)));
    // While the server is down: one file edited, one added, one deleted.
    Path refund = root.resolve("en/after-sales/refund-status.md");
    Files.writeString(refund, Files.readString(refund).replace("Refund status", "Refund Vorwerk"));
    TestCatalogs.write(
        root,
        "en/thanks/gift-wrap.md",
        "---\ntitle: Gift wrapping Quokka\nchannel: chat\n---\nWe wrap gifts, {customer}.\n");
    Files.delete(root.resolve("en/thanks/review-thanks.md"));
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      assertFalse(search.indexRebuilt(), "the index is kept, not rebuilt");
      // The snapshot's catalog answers at once; the changes arrive within seconds.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (top(search, "Quokka") == null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals("thanks/gift-wrap Gift wrapping Quokka", top(search, "Quokka"));
      assertEquals("after-sales/refund-status Refund Vorwerk", top(search, "Vorwerk"));
      assertTrue(
          search
              .catalog()
              .template(dev.replykb.catalog.TemplateId.parse("thanks/review-thanks"))
              .isEmpty());
    }
    // And the next restart finds all of it in the snapshot.
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      assertEquals("thanks/gift-wrap Gift wrapping Quokka", top(search, "Quokka"));
    }
  }

  @Test
  void theAnalyzedTerminologyIsKeptForTheNextStartAndRedoneWhenDamaged() throws Exception {
    Path root = TestCatalogs.copy("shop", dir);
    Path index = dir.resolve("index");
    Path glossary = index.resolve(ReplySearch.GLOSSARY);
    // A German word on an English catalog: found through the terminology's concept only.
    String german = "Rückerstattung";
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      assertTrue(top(search, german).startsWith("after-sales/refund-status"));
    }
    assertTrue(Glossary.read(glossary, Glossary.key()).isPresent(), "written by the first start");
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      assertTrue(top(search, german).startsWith("after-sales/refund-status"), "read back");
    }
    Files.write(glossary, new byte[] {0x42, 0x41, 0x44});
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      assertTrue(top(search, german).startsWith("after-sales/refund-status"), "analyzed again");
    }
    assertTrue(Glossary.read(glossary, Glossary.key()).isPresent(), "and written again");
  }

  @Test
  void anUnusableSnapshotMeansEveryFileIsReadAgain() throws Exception {
    Path root = TestCatalogs.copy("shop", dir);
    Path index = dir.resolve("index");
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      assertTrue(top(search, "refund").startsWith("after-sales/refund-status"));
    }
    Files.writeString(index.resolve(ReplySearch.SNAPSHOT), "not a snapshot");
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      assertTrue(top(search, "refund").startsWith("after-sales/refund-status"));
      assertEquals(5, search.catalog().templates().size());
    }
  }
}
