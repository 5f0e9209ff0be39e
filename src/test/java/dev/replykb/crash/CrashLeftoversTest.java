package dev.replykb.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.AtomicFile;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.CatalogSnapshot;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.TextStore;
import dev.replykb.catalog.Variant;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.CatalogEditor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a kill -9 leaves behind, made deterministically: the cases {@link KillNineHarnessTest}
 * found, each checked without waiting for a kill to land in the right millisecond.
 */
class CrashLeftoversTest {
  @TempDir Path dir;

  /**
   * {@code replykb index} empties the texts file when it starts and writes the snapshot when it
   * ends: killed in between, the previous snapshot pointed into texts that were no longer there (a
   * restart failed with "no record at ..." and served wrong texts). Such a snapshot is refused now,
   * and the restart reads every file.
   */
  @Test
  void aSnapshotIsNotReadAgainstATextsFileMadeAnewSince() throws Exception {
    Path root = dir.resolve("catalog");
    CrashCatalog.write(root);
    Path index = dir.resolve("index");
    Files.createDirectories(index);
    Path texts = index.resolve("catalog.texts");
    Path snapshot = index.resolve("catalog.snapshot");
    try (TextStore store = TextStore.create(texts)) {
      Catalog catalog = new CatalogLoader(store).load(root);
      CatalogSnapshot.write(catalog, store, snapshot);
    }
    // A texts file of the same name, made anew and filled with other records: what an
    // interrupted replykb index leaves beside the previous snapshot.
    try (TextStore store = TextStore.create(texts)) {
      for (int i = 0; i < 50; i++) {
        store.put(("another record " + i).getBytes(StandardCharsets.UTF_8));
      }
      store.force();
    }
    IOException refused =
        assertThrows(IOException.class, () -> CatalogSnapshot.read(snapshot, texts, root));
    assertTrue(refused.getMessage().contains("is not the texts file"), refused.getMessage());
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      for (TemplateId id : CrashCatalog.TEMPLATES) {
        for (ULocale locale : CrashCatalog.EDITED) {
          Variant served =
              search.catalog().template(id).orElseThrow().variant(locale.toLanguageTag()).get();
          String file =
              Files.readString(
                  root.resolve(CatalogEditor.file(id, locale)), StandardCharsets.UTF_8);
          assertTrue(file.contains(served.title()), served.title());
          assertTrue(file.contains(served.body().pattern()), served.body().pattern());
        }
      }
    }
    // And the snapshot written by that start is read back against its own texts.
    CatalogSnapshot.read(snapshot, texts, root).store().close();
  }

  /** A texts file of an older replykb (no header) is not taken for one. */
  @Test
  void aFileThatIsNotATextsFileIsRefused() throws IOException {
    Path texts = dir.resolve("catalog.texts");
    Files.write(texts, new byte[] {0, 0, 0, 3, 'a', 'b', 'c'});
    assertThrows(IOException.class, () -> TextStore.open(texts, 0));
  }

  /**
   * A write killed between making its temporary file and renaming it leaves the temporary file:
   * hidden, never read, but there for good unless removed. Only those older than a minute go: a
   * write in progress keeps its own.
   */
  @Test
  void staleTemporaryFilesOfInterruptedWritesAreRemovedAndNothingElse() throws IOException {
    Path folder = dir.resolve("de/logistics");
    Files.createDirectories(folder);
    Path variant = folder.resolve("late-parcel.md");
    AtomicFile.write(variant, "---\ntitle: x\n---\ny\n".getBytes(StandardCharsets.UTF_8));
    Path old = folder.resolve(".late-parcel.md." + UUID.randomUUID() + ".tmp");
    Path fresh = folder.resolve(".late-parcel.md." + UUID.randomUUID() + ".tmp");
    Path othersOld = folder.resolve(".late-parcel.md.swp"); // an editor's, not ours
    Path nested = folder.resolve("sub/.x.md." + UUID.randomUUID() + ".tmp");
    for (Path p : new Path[] {old, fresh, othersOld, nested}) {
      Files.createDirectories(p.getParent());
      Files.writeString(p, "half");
    }
    FileTime longAgo = FileTime.from(Instant.now().minus(AtomicFile.STALE_AFTER).minusSeconds(5));
    for (Path p : new Path[] {old, othersOld, nested}) {
      Files.setLastModifiedTime(p, longAgo);
    }
    assertTrue(AtomicFile.isTemporary(old.getFileName().toString()));
    assertFalse(AtomicFile.isTemporary(othersOld.getFileName().toString()));
    assertFalse(AtomicFile.isTemporary(variant.getFileName().toString()));
    assertEquals(1, AtomicFile.removeStale(folder), "the old one here; not the nested one");
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(fresh) && Files.exists(othersOld) && Files.exists(variant));
    assertTrue(Files.exists(nested));
    assertEquals(1, AtomicFile.removeStaleUnder(dir), "the nested one");
    assertFalse(Files.exists(nested));
    assertTrue(Files.exists(fresh) && Files.exists(othersOld) && Files.exists(variant));
    assertEquals(0, AtomicFile.removeStale(dir.resolve("no such folder")));
  }

  /** Opening the usage counts removes the stale temporary files of their interrupted writes. */
  @Test
  void openingASearchRemovesTheUsageCountsStaleTemporaryFiles() throws IOException {
    Path root = dir.resolve("catalog");
    CrashCatalog.write(root);
    Path index = dir.resolve("index");
    Files.createDirectories(index);
    Path stale = staleTemporary(index, "usage.json", "{\"version\":1,\"templ");
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      assertFalse(Files.exists(stale));
      assertEquals(0, search.usage().total(CrashCatalog.TEMPLATES.get(0)));
    }
  }

  /**
   * Opening a server's search removes, in the background, a variant's temporary file that a kill
   * left in the catalog, and the completions folders of catalog versions it no longer serves.
   */
  @Test
  void openingASearchRemovesLeftoversInTheCatalogAndOldCompletions() throws Exception {
    Path root = dir.resolve("catalog");
    CrashCatalog.write(root);
    Path index = dir.resolve("index");
    try (ReplySearch first = ReplySearch.openFolder(root, index)) {
      assertTrue(first.catalog().variantCount() > 0);
    }
    Path variantFolder;
    try (Stream<Path> walk = Files.walk(root)) {
      variantFolder =
          walk.filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow().getParent();
    }
    Path stale = staleTemporary(variantFolder, "x.md", "---\ntitle: half");
    Path oldCompletions = Files.createDirectories(index.resolve("suggest-0000000000000000"));
    Files.writeString(oldCompletions.resolve("x"), "left by an earlier version");
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while ((Files.exists(stale) || Files.exists(oldCompletions))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(Files.exists(stale), "the stale temporary file is gone");
      assertFalse(Files.exists(oldCompletions), "old completions are gone");
      try (Stream<Path> folders = Files.list(index)) {
        assertEquals(
            1,
            folders.filter(p -> p.getFileName().toString().startsWith("suggest-")).count(),
            "the served completions stay");
      }
      assertTrue(search.catalog().problems().isEmpty(), search.catalog().problems().toString());
    }
  }

  /**
   * A temporary file of an interrupted {@link AtomicFile#write} of {@code target} in {@code
   * folder}, holding {@code content}, older than {@link AtomicFile#STALE_AFTER}.
   */
  private static Path staleTemporary(Path folder, String target, String content)
      throws IOException {
    Path stale = folder.resolve("." + target + "." + UUID.randomUUID() + ".tmp");
    Files.writeString(stale, content);
    Files.setLastModifiedTime(
        stale, FileTime.from(Instant.now().minus(AtomicFile.STALE_AFTER).minusSeconds(5)));
    return stale;
  }
}
