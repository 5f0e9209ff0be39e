package dev.replykb.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's own limits: files in a folder, bytes in a file, aliases in a front matter. */
class CatalogLimitsTest {
  @TempDir Path dir;

  @Test
  void aFolderWithMoreTemplateFilesThanTheLimitIsRefusedByName() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    long files;
    try (var walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".md")).count();
    }
    // At the limit: loads as without one.
    assertEquals(
        new CatalogLoader().load(root).fingerprint(),
        new CatalogLoader().withMaxFiles((int) files).load(root).fingerprint());
    IOException e =
        assertThrows(
            IOException.class, () -> new CatalogLoader().withMaxFiles((int) files - 1).load(root));
    assertTrue(e.getMessage().contains("limit max_files"), e.getMessage());
  }

  @Test
  void aFileLargerThanTheLimitIsAProblemNotAnOutOfMemory() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    Path big = root.resolve("de/logistics/huge.md");
    Files.writeString(
        big,
        "---\ntitle: Groß\n---\n" + "Hallo ".repeat((int) (CatalogLoader.MAX_FILE_BYTES / 6) + 10),
        StandardCharsets.UTF_8);
    Catalog catalog = new CatalogLoader().load(root);
    assertTrue(
        catalog.problems().stream()
            .anyMatch(
                p -> p.file().equals("de/logistics/huge.md") && p.reason().contains("larger than")),
        catalog.problems().toString());
    assertNull(
        catalog
            .template(TemplateId.parse("logistics/huge"))
            .flatMap(t -> t.variant("de"))
            .orElse(null));
  }

  @Test
  void anAliasBombInAFrontMatterIsAProblem() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    StringBuilder bomb = new StringBuilder("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    char previous = 'a';
    for (char c = 'b'; c <= 'k'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) {
        bomb.append(i == 0 ? "" : ", ").append('*').append(previous);
      }
      bomb.append("]\n");
      previous = c;
    }
    bomb.append("title: Bombe\n---\nHallo.\n");
    Files.writeString(root.resolve("de/logistics/bomb.md"), bomb, StandardCharsets.UTF_8);
    Catalog catalog = new CatalogLoader().load(root);
    assertTrue(
        catalog.problems().stream().anyMatch(p -> p.file().equals("de/logistics/bomb.md")),
        catalog.problems().toString());
  }
}
