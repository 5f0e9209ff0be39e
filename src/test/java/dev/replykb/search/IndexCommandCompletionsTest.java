package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.locale.LocalePreferences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replykb index} leaves complete completions behind even for a catalog large enough that
 * their build starts in the background: it waits for that build or does it itself, never both at
 * once (two builders of one folder fail on its lock: at 100k variants the command exited 1).
 */
class IndexCommandCompletionsTest {
  @TempDir Path dir;

  @RepeatedTest(3)
  void indexLeavesTheCompletionsBuiltWhenTheirBuildWasScheduledInTheBackground() throws Exception {
    Path root = TestCatalogs.copy("shop", dir);
    Path index = dir.resolve("index");
    // Every catalog counts as large: the search schedules its completions, as a server would.
    Catalog catalog = ReplySearch.index(root, index, 0).catalog();
    List<Path> folders;
    try (Stream<Path> files = Files.list(index)) {
      folders = files.filter(f -> f.getFileName().toString().startsWith("suggest-")).toList();
    }
    assertEquals(1, folders.size(), "one folder of completions: " + folders);
    Catalog fresh = new CatalogLoader().load(root);
    assertEquals(catalog.fingerprint(), fresh.fingerprint());
    try (Completions built = Completions.open(folders.get(0), fresh)) {
      assertNotNull(built, "the completions are marked complete for this catalog");
      assertFalse(built.complete("refu", 5).isEmpty(), "and they complete a title's prefix");
    }
    try (ReplySearch search = ReplySearch.openFolder(root, index)) {
      assertFalse(
          search.suggest("refu", LocalePreferences.parse("en"), 5).isEmpty(),
          "a server started next completes at once");
    }
  }
}
