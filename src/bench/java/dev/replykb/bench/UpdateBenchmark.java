package dev.replykb.bench;

import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.CatalogWatcher;
import dev.replykb.locale.LocalePreferences;
import dev.replykb.search.ReplySearch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One file edited on disk, as an editor saves it, until a search finds the new word: the watcher
 * of {@code serve} (same quiet period), the reload of that file, the index update and the new
 * searcher.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseParallelGC", "-XX:NewRatio=4"})
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UpdateBenchmark {
  @Param({"100k"})
  public String corpus;

  ReplySearch search;
  CatalogWatcher watcher;
  Path file;
  String original;
  int edit;

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path root = Corpora.ensure(corpus);
    search = ReplySearch.open(new CatalogLoader().load(root), Corpora.index(corpus));
    watcher = search.watchCatalog(Duration.ofMillis(300));
    try (var files = Files.list(root.resolve("de/logistics"))) {
      file = files.sorted().findFirst().orElseThrow();
    }
    original = Files.readString(file, StandardCharsets.UTF_8);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    Files.writeString(file, original, StandardCharsets.UTF_8);
    watcher.close();
    search.close();
  }

  /** Whether the first result for the word is the edited variant, with the word in it. */
  private boolean found(String word, LocalePreferences de) throws IOException {
    var replies = search.search(word, de, null, 1);
    return !replies.isEmpty() && replies.get(0).variant().body().pattern().contains(word);
  }

  @Benchmark
  public void editToSearchable() throws Exception {
    String word = "zqx" + (100_000 + edit++ * 7919) + "wort";
    Files.writeString(file, original.strip() + " " + word + "\n", StandardCharsets.UTF_8);
    LocalePreferences de = LocalePreferences.parse("de");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!found(word, de)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(word + " was not searchable within 30 s");
      }
      Thread.sleep(5);
    }
  }
}
