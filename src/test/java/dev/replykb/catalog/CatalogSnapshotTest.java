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
          assertSameTemplate(t, back.template(t.id()).orElseThrow());
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

  private static void assertSameTemplate(Template t, Template u) {
    assertEquals(t.id(), u.id());
    assertEquals(t.shortcut(), u.shortcut());
    assertEquals(t.channel(), u.channel());
    assertEquals(t.locales(), u.locales());
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
      assertEquals(v.stamp(), w.stamp());
      assertEquals(v.channel(), w.channel());
      assertEquals(v.shortcut(), w.shortcut());
    }
  }

  @Test
  void aPreviewGivesEveryTemplateAsTheWholeCatalogDoesWithoutAssemblingIt() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    // Two templates asking for one shortcut (the first in id order gets it), and a broken file
    // that serves its last good version: the preview must settle both as the catalog does.
    TestCatalogs.write(
        root,
        "en/logistics/zz-late-too.md",
        "---\ntitle: Late again\nshortcut: /delay\n---\nSorry, it is late.\n");
    TestCatalogs.write(
        root, "en/logistics/aa-late-first.md", "---\ntitle: Late\nshortcut: /delay\n---\nLate.\n");
    Path texts = dir.resolve("texts");
    Path snapshot = dir.resolve("snapshot");
    TextStore store = TextStore.create(texts);
    CatalogLoader loader = new CatalogLoader(store);
    Catalog good = loader.load(root);
    Files.writeString(root.resolve("de/logistics/delay-apology.md"), "---\ntitle: x\n---\n{oops\n");
    Catalog catalog = loader.reload(good, List.of("de/logistics/delay-apology.md"));
    assertTrue(
        catalog.problems().stream().anyMatch(p -> p.file().equals("de/logistics/delay-apology.md")),
        catalog.problems().toString());
    CatalogSnapshot.write(catalog, store, snapshot);
    CatalogSnapshot.Preview preview = CatalogSnapshot.preview(snapshot, texts, root);
    try {
      assertEquals(catalog.fingerprint(), preview.fingerprint());
      assertEquals(catalog.variantCount(), preview.variantCount());
      assertEquals(catalog.settings(), preview.settings());
      assertEquals(
          catalog.templates().stream()
              .map(Template::locales)
              .distinct()
              .sorted(java.util.Comparator.comparing(Object::toString))
              .toList(),
          preview.localeLists().stream()
              .sorted(java.util.Comparator.comparing(Object::toString))
              .toList());
      for (Template t : catalog.templates()) {
        assertSameTemplate(t, preview.template(t.id()).orElseThrow(() -> new AssertionError(t)));
      }
      assertEquals(
          "/delay",
          preview.template(TemplateId.parse("logistics/aa-late-first")).orElseThrow().shortcut());
      assertEquals(
          null,
          preview.template(TemplateId.parse("logistics/zz-late-too")).orElseThrow().shortcut());
      assertTrue(preview.template(TemplateId.parse("logistics/nothing-here")).isEmpty());
      assertTrue(preview.template(TemplateId.parse("nothing/delay-apology")).isEmpty());
      // Then the whole catalog, from the same mapping and texts file.
      Catalog whole = preview.catalog();
      assertEquals(catalog.fingerprint(), whole.fingerprint());
      assertEquals(catalog.problems(), whole.problems());
      for (Template t : catalog.templates()) {
        assertSameTemplate(t, whole.template(t.id()).orElseThrow());
      }
    } finally {
      preview.store().close();
      store.close();
    }
  }

  @Test
  void aPreviewOfASnapshotWhoseRecordsAreDamagedFailsToReadTheWholeCatalog() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    Path texts = dir.resolve("texts");
    Path snapshot = dir.resolve("snapshot");
    try (TextStore store = TextStore.create(texts)) {
      CatalogSnapshot.write(new CatalogLoader(store).load(root), store, snapshot);
    }
    byte[] whole = Files.readAllBytes(snapshot);
    // Every byte of the records' second quarter set to 0xFF: the header, index and tables are
    // intact, so the preview opens; reading the whole catalog must say the file is damaged.
    java.nio.ByteBuffer trailer = java.nio.ByteBuffer.wrap(whole, whole.length - 24, 24);
    int indexAt = (int) trailer.getLong();
    for (int i = indexAt / 4; i < indexAt / 2; i++) {
      whole[i] = (byte) 0xFF;
    }
    Files.write(snapshot, whole);
    CatalogSnapshot.Preview preview = CatalogSnapshot.preview(snapshot, texts, root);
    try {
      assertThrows(IOException.class, preview::catalog);
    } finally {
      preview.store().close();
    }
    assertThrows(IOException.class, () -> CatalogSnapshot.read(snapshot, texts, root));
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
