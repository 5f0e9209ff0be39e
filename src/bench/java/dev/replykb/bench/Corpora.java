package dev.replykb.bench;

import dev.replykb.catalog.CatalogLoader;
import dev.replykb.eval.EvalQueries;
import dev.replykb.eval.EvalQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark corpora: generated from the bundled catalog with a fixed seed the first time they
 * are asked for, then reused. Sizes are named by variant count.
 *
 * <p>They are written to memory ({@code /dev/shm}) when it has room, else under {@code
 * target/bench/}; {@code BENCH_CORPORA=DIR} chooses. A build benchmark is meant to time replykb on
 * files that are already read, as after a checkout. This VM's disk is a file on its host, read cold
 * at 2.7–5k files a second, and its kernel pages out any file not touched for about a minute, so a
 * million files on disk were half re-read during the build, however they were read just before
 * (BENCHMARKS.md, "The disk"). Files in tmpfs stay in memory: there is no swap to page them out.
 */
public final class Corpora {
  /** Root of everything the benchmarks write. */
  public static final Path ROOT = Path.of("target", "bench");

  /** Ten locales; templates per size so that about that many variants result (8.9 per template). */
  public static final int LOCALES = 10;

  static final long SEED = 42;

  private static final Map<String, Integer> TEMPLATES =
      Map.of("10k", 1_125, "100k", 11_250, "1m", 112_500);

  private Corpora() {}

  /** Where the corpora are: {@link #corporaRoot()}. */
  public static final Path CORPORA = corporaRoot();

  /** Free memory that {@code /dev/shm} must have for the corpora (the 1M corpus takes 3.7 GB). */
  private static final long MEMORY_NEEDED = 8L << 30;

  public static Path templates(String size) {
    return CORPORA.resolve("corpus-" + size);
  }

  /**
   * {@code BENCH_CORPORA} when set; else a folder of this project's own under {@code /dev/shm}, if
   * that is a writable tmpfs with room or already holds the corpora; else {@link #ROOT}.
   */
  static Path corporaRoot() {
    String chosen = System.getenv("BENCH_CORPORA");
    if (chosen != null && !chosen.isBlank()) {
      return Path.of(chosen);
    }
    Path shm = Path.of("/dev/shm");
    // One folder per project folder: a clone with other generator code writes its own corpora.
    Path mine =
        shm.resolve(
            "replykb-bench-"
                + Integer.toHexString(Path.of("").toAbsolutePath().normalize().toString().hashCode()));
    try {
      if (Files.isDirectory(mine)) {
        return mine;
      }
      if (Files.isDirectory(shm)
          && Files.isWritable(shm)
          && Files.getFileStore(shm).type().equals("tmpfs")
          && Files.getFileStore(shm).getUsableSpace() >= MEMORY_NEEDED) {
        return mine;
      }
    } catch (IOException e) {
      // no usable /dev/shm: the corpora go to the project's target folder
    }
    return ROOT;
  }

  /**
   * The index of the corpus of {@code size}: the bench's own, or the folder that the system property
   * {@code bench.index.<size>} names (another version's index of the same corpus, to compare).
   */
  public static Path index(String size) {
    String chosen = System.getProperty("bench.index." + size);
    if (chosen != null) {
      return Path.of(chosen);
    }
    return ROOT.resolve("index-" + size);
  }

  /** The corpus of {@code size}, written first if it is not there yet. */
  public static synchronized Path ensure(String size) throws IOException {
    Integer templates = TEMPLATES.get(size);
    if (templates == null) {
      throw new IllegalArgumentException("corpus size must be one of " + TEMPLATES.keySet());
    }
    Path dir = templates(size);
    Path done = dir.resolve(".complete");
    if (Files.exists(done)) {
      return dir;
    }
    if (Files.exists(dir)) {
      delete(dir);
    }
    long start = System.nanoTime();
    CorpusGenerator.Written w =
        new CorpusGenerator(new CatalogLoader().load(Path.of("templates")), SEED)
            .write(templates, LOCALES, dir);
    Files.writeString(done, w.variants() + "\n", StandardCharsets.UTF_8);
    System.out.printf(
        Locale.ROOT,
        "corpus %s: %d templates, %d variants written in %.1f s%n",
        size,
        w.templates(),
        w.variants(),
        (System.nanoTime() - start) / 1e9);
    return dir;
  }

  /** The generated template ids of a corpus, each with the bundled template it adapts. */
  public static Map<String, String> intents(String size) throws IOException {
    Map<String, String> intents = new HashMap<>();
    List<String> lines =
        Files.readAllLines(templates(size).resolve(CorpusGenerator.MAP_FILE), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      int tab = line.indexOf('\t');
      intents.put(line.substring(0, tab), line.substring(tab + 1));
    }
    return intents;
  }

  /**
   * The labelled queries: the development set (../shared/eval/dev) when present, else the held-out
   * queries of the bundled catalog. Their expected ids are bundled template ids, that is, intents
   * of the corpus. {@code -Dbench.queries=FILE} names another file in the same format, so that
   * either set can be measured from anywhere.
   */
  public static List<EvalQuery> queries() throws IOException {
    String chosen = System.getProperty("bench.queries");
    if (chosen != null) {
      return EvalQueries.read(Path.of(chosen));
    }
    Path dev = Path.of("..", "shared", "eval", "dev", "queries.tsv");
    return EvalQueries.read(
        Files.exists(dev) ? dev : Path.of("src", "test", "resources", "eval", "bundled-queries.tsv"));
  }

  static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
