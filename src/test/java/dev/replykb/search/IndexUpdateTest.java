package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.locale.LocalePreferences;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replykb index} on an index it built before takes in only the templates whose files
 * changed, and leaves an index that answers as a full rebuild's does; anything it cannot trust is
 * rebuilt.
 */
class IndexUpdateTest {
  @TempDir Path dir;
  Path templates;
  Path index;

  @BeforeEach
  void setUp() throws IOException {
    templates = TestCatalogs.copy("shop", dir);
    index = dir.resolve("index");
    assertTrue(ReplySearch.index(templates, index).rebuilt(), "the first run builds");
  }

  private static final LocalePreferences EN = LocalePreferences.parse("en");

  private static final List<String> QUERIES =
      List.of("refund", "return", "late parcel", "Rücksendung", "物流延迟", "address", "thanks");

  /** The first three ids each query finds, from the index in {@code folder}. */
  private List<String> answers(Path folder) throws IOException {
    List<String> answers = new ArrayList<>();
    try (ReplySearch search = ReplySearch.openFolder(templates, folder)) {
      for (String q : QUERIES) {
        List<String> ids = new ArrayList<>();
        search.search(q, EN, null, 3).forEach(r -> ids.add(r.template().id().toString()));
        answers.add(q + " -> " + ids);
      }
    }
    return answers;
  }

  /** Rewrites the body of {@code relative} to end in {@code word}. */
  private void endWith(String relative, String word) throws IOException {
    Path file = templates.resolve(relative);
    String text = original.computeIfAbsent(relative, r -> read(file));
    Files.writeString(file, text.strip() + " " + word + "\n", StandardCharsets.UTF_8);
  }

  private final java.util.Map<String, String> original = new java.util.HashMap<>();

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anUnchangedCatalogIsAlreadyCurrentEvenWhenItsFilesWereTouched() throws IOException {
    Path file = templates.resolve("en/after-sales/refund-status.md");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    ReplySearch.Indexed again = ReplySearch.index(templates, index);
    assertFalse(again.rebuilt());
    assertEquals(0, again.updatedTemplates());
  }

  @Test
  void editedAddedAndDeletedFilesAreTakenInTemplateByTemplate() throws IOException {
    endWith("en/after-sales/refund-status.md", "zqxrefundword");
    Files.delete(templates.resolve("en/thanks/review-thanks.md"));
    Files.createDirectories(templates.resolve("fr/after-sales"));
    Files.copy(
        templates.resolve("en/after-sales/return-request.md"),
        templates.resolve("fr/after-sales/return-request.md"));
    ReplySearch.Indexed updated = ReplySearch.index(templates, index);
    assertFalse(updated.rebuilt(), "three templates changed: the index is kept");
    // refund-status (edited), review-thanks (gone), return-request (a new variant).
    assertEquals(3, updated.updatedTemplates());

    try (ReplySearch search = ReplySearch.openFolder(templates, index)) {
      assertEquals(
          "after-sales/refund-status",
          search.search("zqxrefundword", EN, null, 1).get(0).template().id().toString());
      assertTrue(
          search
              .catalog()
              .template(dev.replykb.catalog.TemplateId.parse("thanks/review-thanks"))
              .isEmpty());
    }
    // A rebuild from the same files answers every query alike.
    Path rebuilt = dir.resolve("rebuilt");
    assertTrue(ReplySearch.index(templates, rebuilt).rebuilt());
    assertEquals(answers(rebuilt), answers(index));
    // And the updated index is current for the command next time.
    assertEquals(0, ReplySearch.index(templates, index).updatedTemplates());
    assertFalse(ReplySearch.index(templates, index).rebuilt());
  }

  @Test
  void whatCannotBeComparedIsRebuilt() throws IOException {
    // Other settings: every document may be made differently.
    Path settings = templates.resolve("catalog.yaml");
    Files.writeString(
        settings,
        Files.readString(settings, StandardCharsets.UTF_8) + "\n# changed\n",
        StandardCharsets.UTF_8);
    assertTrue(ReplySearch.index(templates, index).rebuilt(), "settings changed");
    // A damaged snapshot: nothing to compare the files with.
    endWith("en/after-sales/refund-status.md", "zqxsnapshotword");
    Files.write(index.resolve("catalog.snapshot"), new byte[] {1, 2, 3});
    assertTrue(ReplySearch.index(templates, index).rebuilt(), "snapshot unreadable");
    // A snapshot of another version than the index (an edit taken in by a server that was
    // stopped before it wrote its snapshot): the index is rebuilt, not patched from a wrong base.
    Path snapshot = index.resolve("catalog.snapshot");
    byte[] current = Files.readAllBytes(snapshot);
    endWith("en/after-sales/refund-status.md", "zqxnewerword");
    assertEquals(1, ReplySearch.index(templates, index).updatedTemplates());
    Files.write(snapshot, current); // the older snapshot back, beside the newer index
    endWith("en/after-sales/refund-status.md", "zqxnewestword");
    assertTrue(ReplySearch.index(templates, index).rebuilt(), "snapshot and index disagree");
    try (ReplySearch search = ReplySearch.openFolder(templates, index)) {
      assertEquals(
          "after-sales/refund-status",
          search.search("zqxnewestword", EN, null, 1).get(0).template().id().toString());
    }
  }
}
