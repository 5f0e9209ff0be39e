package dev.replykb.bench;

import dev.replykb.catalog.CatalogLoader;
import dev.replykb.search.ReplySearch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Edits one file and refreshes, in a loop, for profiling: {@code ProfileRefresh <size> <n>}. */
public final class ProfileRefresh {
  private ProfileRefresh() {}

  public static void main(String[] args) throws Exception {
    String size = args.length > 0 ? args[0] : "100k";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path root = Corpora.ensure(size);
    try (ReplySearch search =
        ReplySearch.open(new CatalogLoader().load(root), Corpora.index(size))) {
      Path file;
      try (var files = Files.list(root.resolve("de/logistics"))) {
        file = files.sorted().findFirst().orElseThrow();
      }
      String relative = root.relativize(file).toString();
      String original = Files.readString(file, StandardCharsets.UTF_8);
      for (int i = 0; i < n; i++) {
        Files.writeString(file, original.strip() + " zqx" + (1000 + i) + "\n", StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        search.refresh(Set.of(relative));
        System.out.printf("refresh %d: %.0f ms%n", i, (System.nanoTime() - t0) / 1e6);
      }
      Files.writeString(file, original, StandardCharsets.UTF_8);
    }
  }
}
