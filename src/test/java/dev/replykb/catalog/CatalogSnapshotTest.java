package dev.replykb.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalog written to a snapshot and read back is the same catalog, texts off the heap. */
class CatalogSnapshotTest {
  @TempDir Path dir;

  @Test
  void aTextStoreGivesBackEveryRecordAndReopensWhereItEnded() throws IOException {
    Path file = dir.resolve("texts");
    long[] at = new long[1000];
    try (TextStore store = TextStore.create(file)) {
      for (int i = 0; i < at.length; i++) {
        at[i] = store.put(("record " + i + " 物流延迟 ").repeat(i % 7 + 1).getBytes("UTF-8"));
      }
      long end = store.end();
      try (TextStore reopened = TextStore.open(file, end)) {
        for (int i = 0; i < at.length; i++) {
          assertEquals(
              ("record " + i + " 物流延迟 ").repeat(i % 7 + 1),
              new String(reopened.get(at[i]), "UTF-8"));
        }
        long more = reopened.put("after".getBytes("UTF-8"));
        assertEquals(end, more, "appends continue where the records ended");
      }
    }
  }

  @Test
  void aCatalogReadBackFromItsSnapshotIsTheSameCatalog() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    // A broken file: its problem and its last good version must survive the snapshot too.
    Path broken = root.resolve("de/logistics/delay-apology.md");
    try (TextStore store = TextStore.create(dir.resolve("texts"))) {
      CatalogLoader loader = new CatalogLoader(store);
      Catalog good = loader.load(root);
      Files.writeString(broken, "---\ntitle: kaputt\n---\n{oops\n");
      Catalog catalog = loader.reload(good, List.of("de/logistics/delay-apology.md"));
      assertEquals(1, catalog.problems().size());
      CatalogSnapshot.write(catalog, store, dir.resolve("snapshot"));
      Catalog back = CatalogSnapshot.read(dir.resolve("snapshot"), dir.resolve("texts"), root);
      try {
        assertEquals(catalog.fingerprint(), back.fingerprint());
        assertEquals(catalog.problems(), back.problems());
        assertEquals(catalog.templates().size(), back.templates().size());
        for (Template t : catalog.templates()) {
          Template u = back.template(t.id()).orElseThrow();
          assertEquals(t.shortcut(), u.shortcut());
          assertEquals(t.channel(), u.channel());
          for (Variant v : t.variants().values()) {
            Variant w = u.variant(v.localeTag()).orElseThrow();
            assertEquals(v.title(), w.title());
            assertEquals(v.tags(), w.tags());
            assertEquals(v.examples(), w.examples());
            assertEquals(v.body().pattern(), w.body().pattern());
            assertEquals(v.body().placeholders(), w.body().placeholders());
            assertEquals(v.body().plainText(), w.body().plainText());
            assertEquals(v.sourceHash(), w.sourceHash());
            assertEquals(v.tone(), w.tone());
            assertEquals(v.bodyLine(), w.bodyLine());
          }
        }
        // The broken file still serves its last good version.
        assertEquals(
            good.template(TemplateId.parse("logistics/delay-apology"))
                .orElseThrow()
                .variant("de")
                .orElseThrow()
                .title(),
            back.template(TemplateId.parse("logistics/delay-apology"))
                .orElseThrow()
                .variant("de")
                .orElseThrow()
                .title());
        // Nothing changed on disk since: nothing to take in.
        assertEquals(List.of(), CatalogSnapshot.changedSince(back));
      } finally {
        back.store().close();
      }
    }
  }

  @Test
  void aDamagedOrOlderSnapshotIsRefusedAsSuch() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    Path snapshot = dir.resolve("snapshot");
    try (TextStore store = TextStore.create(dir.resolve("texts"))) {
      Catalog catalog = new CatalogLoader(store).load(root);
      CatalogSnapshot.write(catalog, store, snapshot);
    }
    byte[] whole = Files.readAllBytes(snapshot);
    // Cut anywhere: an IOException saying so (the server then reads every file), never a
    // half-read catalog or an unchecked exception from the decoder
    for (int cut : new int[] {0, 10, whole.length / 3, whole.length / 2, whole.length - 9}) {
      Files.write(snapshot, java.util.Arrays.copyOf(whole, cut));
      assertThrows(
          IOException.class,
          () -> CatalogSnapshot.read(snapshot, dir.resolve("texts"), root),
          "cut at " + cut);
    }
    // A snapshot of version 1 (the full records) is another format: refused by its version
    java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(v1)) {
      out.writeUTF("replykb-catalog-snapshot");
      out.writeInt(1);
    }
    Files.write(snapshot, v1.toByteArray());
    IOException refused =
        assertThrows(
            IOException.class, () -> CatalogSnapshot.read(snapshot, dir.resolve("texts"), root));
    assertTrue(refused.getMessage().contains("version"), refused.getMessage());
  }

  @Test
  void whatChangedOnDiskSinceTheSnapshotIsFoundBySizeAndTime() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    try (TextStore store = TextStore.create(dir.resolve("texts"))) {
      Catalog catalog = new CatalogLoader(store).load(root);
      Path edited = root.resolve("en/thanks/review-thanks.md");
      Files.writeString(edited, Files.readString(edited) + " Thanks again!\n");
      Files.delete(root.resolve("ja/logistics/delay-apology.md"));
      TestCatalogs.write(root, "fr/thanks/review-thanks.md", "---\ntitle: Merci\n---\nMerci !\n");
      assertEquals(
          List.of(
              "en/thanks/review-thanks.md",
              "fr/thanks/review-thanks.md",
              "ja/logistics/delay-apology.md"),
          CatalogSnapshot.changedSince(catalog).stream().sorted().toList());
      Files.writeString(root.resolve("catalog.yaml"), "source-locale: en\nfallback-locale: de\n");
      assertEquals(List.of(CatalogLoader.SETTINGS_FILE), CatalogSnapshot.changedSince(catalog));
    }
    assertTrue(Files.size(dir.resolve("texts")) > 0);
  }
}
