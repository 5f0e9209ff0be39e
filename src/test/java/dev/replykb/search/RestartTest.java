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

  /** Answers of a few queries in several languages, for comparing two searches. */
  private static java.util.List<String> answers(ReplySearch search) throws Exception {
    java.util.List<String> answers = new java.util.ArrayList<>();
    for (String q : new String[] {"refund", "物流延迟", "Lieferung verspätet", "thank you review"}) {
      for (String locale : new String[] {"en", "de", "zh-Hant", "ja"}) {
        search.search(q, LocalePreferences.parse(locale), null, 3).stream()
            .map(
                r ->
                    r.template().id()
                        + "@"
                        + r.variant().localeTag()
                        + " "
                        + r.variant().title()
                        + " "
                        + r.variant().body().pattern())
            .forEach(answers::add);
      }
    }
    return answers;
  }

  /** The shop catalog served once, leaving its index and snapshot. */
  private record FirstStart(
      Path root, Path index, java.util.List<String> answers, String fingerprint) {}

  private FirstStart firstStart() throws Exception {
    Path root = TestCatalogs.copy("shop", dir);
    Path index = dir.resolve("index");
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      return new FirstStart(root, index, answers(search), search.catalog().fingerprint());
    }
  }

  @Test
  void aRestartAnswersFromTheSnapshotsPreviewBeforeTheWholeCatalogIsRead() throws Exception {
    FirstStart first = firstStart();
    java.util.concurrent.CompletableFuture<Void> started =
        new java.util.concurrent.CompletableFuture<>();
    try (ReplySearch search = ReplySearch.openFolder(first.root(), first.index(), started)) {
      // The whole catalog is not read until the start is done: searches answer meanwhile, as
      // the whole catalog answered them, and whoever needs the catalog waits for it.
      java.util.concurrent.CompletableFuture<String> whole =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> search.catalog().fingerprint());
      assertEquals(first.answers(), answers(search));
      assertTrue(
          search
              .template(
                  dev.replykb.catalog.TemplateId.parse("after-sales/refund-status"),
                  LocalePreferences.parse("de"))
              .isPresent());
      Thread.sleep(200);
      assertFalse(whole.isDone(), "the whole catalog waits for the start");
      started.complete(null);
      assertEquals(first.fingerprint(), whole.get(10, TimeUnit.SECONDS));
      assertEquals(first.answers(), answers(search));
      // Edits are taken in against the whole catalog, as ever.
      Path refund = first.root().resolve("en/after-sales/refund-status.md");
      Files.writeString(
          refund, Files.readString(refund).replace("Refund status", "Refund Vorwerk"));
      search.refresh(java.util.List.of("en/after-sales/refund-status.md"));
      assertEquals("after-sales/refund-status Refund Vorwerk", top(search, "Vorwerk"));
    }
  }

  @Test
  void aSnapshotDamagedPastItsIndexIsReplacedByTheFilesOnceTheStartIsDone() throws Exception {
    FirstStart first = firstStart();
    // The last records of the snapshot overwritten: its preview opens, the whole read fails.
    Path snapshot = first.index().resolve(ReplySearch.SNAPSHOT);
    byte[] bytes = Files.readAllBytes(snapshot);
    int indexAt = (int) java.nio.ByteBuffer.wrap(bytes, bytes.length - 24, 8).getLong();
    for (int i = indexAt - 40; i < indexAt; i++) {
      bytes[i] = (byte) 0xFF;
    }
    Files.write(snapshot, bytes);
    java.util.concurrent.CompletableFuture<Void> started =
        new java.util.concurrent.CompletableFuture<>();
    try (ReplySearch search = ReplySearch.openFolder(first.root(), first.index(), started)) {
      started.complete(null);
      assertEquals(first.fingerprint(), search.catalog().fingerprint(), "every file read again");
      assertEquals(first.answers(), answers(search));
    }
    // And written again whole for the next start.
    try (ReplySearch search = ReplySearch.openFolder(first.root(), first.index())) {
      assertEquals(first.fingerprint(), search.catalog().fingerprint());
    }
    dev.replykb.catalog.CatalogSnapshot.read(
            snapshot, first.index().resolve(ReplySearch.TEXTS), first.root())
        .store()
        .close();
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
