package dev.replykb.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The texts file gathers records before it writes them: each record reads back at once, after
 * others, after a reopen, and after a resume that writes over what a snapshot did not refer to.
 */
class TextStoreTest {
  @TempDir Path dir;

  @Test
  void everyRecordReadsBackWhetherWrittenYetOrNot() throws IOException {
    Path file = dir.resolve("texts");
    Random random = new Random(7);
    List<byte[]> records = new ArrayList<>();
    List<Long> positions = new ArrayList<>();
    long end;
    try (TextStore store = TextStore.create(file)) {
      // Several buffers' worth, a record larger than the buffer among them.
      for (int i = 0; i < 3_000; i++) {
        int size = i == 1_500 ? TextStore.BUFFER + 10 : random.nextInt(2_000);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        records.add(bytes);
        positions.add(store.put(bytes));
        // At once, and one put a while ago.
        assertArrayEquals(bytes, store.get(positions.get(i)), "record " + i);
        int earlier = random.nextInt(i + 1);
        assertArrayEquals(records.get(earlier), store.get(positions.get(earlier)), "record " + i);
      }
      end = store.end();
    }
    try (TextStore store = TextStore.open(file, end)) {
      for (int i = 0; i < records.size(); i++) {
        assertArrayEquals(records.get(i), store.get(positions.get(i)), "reopened, record " + i);
      }
      // Back to where a snapshot ended: the records after it are written over.
      store.resume(positions.get(2_000));
      byte[] fresh = "a record written over an old one".getBytes(StandardCharsets.UTF_8);
      long at = store.put(fresh);
      assertArrayEquals(fresh, store.get(at));
      assertArrayEquals(records.get(1_999), store.get(positions.get(1_999)));
    }
  }

  @Test
  void aVariantKeptInTheStoreReadsBackTheTextsOfItsFile() throws IOException {
    Catalog onHeap = new CatalogLoader().load(TestCatalogs.bundled());
    try (TextStore store = TextStore.create(dir.resolve("texts"))) {
      Catalog stored = new CatalogLoader(store).load(TestCatalogs.bundled());
      int variants = 0;
      int severalTags = 0;
      for (Template t : onHeap.templates()) {
        Template s = stored.template(t.id()).orElseThrow();
        for (var e : t.variants().entrySet()) {
          Variant expected = e.getValue();
          Variant actual = s.variants().get(e.getKey());
          String where = expected.file();
          // Each accessor decodes what it needs of the record, texts() all of it.
          assertEquals(expected.title(), actual.title(), where);
          assertEquals(expected.tags(), actual.tags(), where);
          assertEquals(expected.examples(), actual.examples(), where);
          assertEquals(expected.body().pattern(), actual.body().pattern(), where);
          Variant.Texts texts = actual.texts();
          assertEquals(
              List.of(
                  expected.title(),
                  expected.tags(),
                  expected.examples(),
                  expected.body().pattern()),
              List.of(texts.title(), texts.tags(), texts.examples(), texts.body().pattern()),
              where);
          severalTags += expected.tags().size() > 1 ? 1 : 0;
          variants++;
        }
      }
      assertTrue(variants > 300 && severalTags > 100, variants + " variants, " + severalTags);
    }
  }
}
