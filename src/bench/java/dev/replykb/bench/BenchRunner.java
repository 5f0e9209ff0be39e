package dev.replykb.bench;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.eval.EvalQuery;
import dev.replykb.locale.BuyerLocale;
import dev.replykb.search.Reply;
import dev.replykb.search.ReplySearch;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite and writes {@code target/bench/results.md}: {@code bin/bench} runs it
 * all; {@code bin/bench <section>[,<section>...]} one part (corpora, build, search, update, http,
 * alternatives, startup). The sizes are {@code BENCH_SIZES} (default {@code 10k,100k,1m}).
 */
public final class BenchRunner {
  /** The JVM flags the README recommends for {@code serve}, used wherever a server runs. */
  static final List<String> SERVE_FLAGS = List.of("-Xmx512m", "-XX:+UseParallelGC", "-XX:NewRatio=4");

  private static final List<String> out = new ArrayList<>();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * A fixed single-threaded workload (sorting ten million pseudo-random numbers and hashing a
   * million words), so that runs on different days can be compared.
   */
  private static long calibrationMillis() {
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(42);
      long start = System.nanoTime();
      long[] numbers = random.longs(10_000_000).toArray();
      java.util.Arrays.sort(numbers);
      java.util.Map<String, Integer> words = new java.util.HashMap<>();
      for (int i = 0; i < 1_000_000; i++) {
        words.merge(Long.toString(numbers[i * 10] >>> 40, 36), 1, Integer::sum);
      }
      if (words.isEmpty()) {
        throw new IllegalStateException("no words");
      }
      best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
    }
    return best;
  }

  private BenchRunner() {}

  public static void main(String[] args) throws Exception {
    List<String> sections =
        Arrays.asList((args.length == 0 || args[0].equals("all")
                ? "corpora,build,search,update,http,alternatives,startup"
                : args[0])
            .split(","));
    List<String> sizes =
        Arrays.asList(System.getenv().getOrDefault("BENCH_SIZES", "10k,100k,1m").split(","));
    long start = System.nanoTime();
    line("# replykb benchmark results");
    line("");
    line(
        "Machine: %d cores, %s %s, JDK %s. Sizes: %s.",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        String.join(", ", sizes));
    line(
        "Calibration: a fixed single-threaded workload (sort and hash) in %d ms, best of 3 (the same VM kind has"
            + " run twice as slow on some days: compare runs by this line first).",
        calibrationMillis());
    List<String> times = new java.util.ArrayList<>();
    for (String section : sections) {
      long sectionStart = System.nanoTime();
      try {
        switch (section) {
          case "corpora" -> corpora(sizes);
          case "build" -> build(sizes);
          case "search" -> search(sizes);
          case "update" -> update();
          case "http" -> http();
          case "alternatives" -> alternatives();
          case "startup" -> startup(sizes);
          default -> throw new IllegalArgumentException("unknown section " + section);
        }
      } catch (Exception | Error e) {
        line("");
        line("**%s failed**: `%s`", section, e.toString().replace('\n', ' '));
        e.printStackTrace();
      }
      times.add(String.format(Locale.ROOT, "%s %.1f", section, (System.nanoTime() - sectionStart) / 6e10));
      flush();
    }
    line("");
    // Where the suite's time goes: the target is the whole suite in under ten minutes.
    line(
        "Suite time: %.1f min (by section, min: %s).",
        (System.nanoTime() - start) / 6e10,
        String.join(", ", times));
    flush();
  }

  // --- output --------------------------------------------------------------------------------

  private static void line(String format, Object... args) {
    String text = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    out.add(text);
    System.out.println(text);
  }

  private static void flush() throws IOException {
    Files.createDirectories(Corpora.ROOT);
    Files.write(Corpora.ROOT.resolve("results.md"), out, StandardCharsets.UTF_8);
  }

  // --- corpora and index builds ----------------------------------------------------------------

  private static void corpora(List<String> sizes) throws IOException {
    line("");
    line("## Corpora");
    line("");
    line("| size | templates | variants | files on disk |");
    line("|---|---:|---:|---:|");
    for (String size : sizes) {
      Path dir = Corpora.ensure(size);
      long variants =
          Long.parseLong(Files.readString(dir.resolve(".complete"), StandardCharsets.UTF_8).strip());
      line(
          "| %s | %d | %d | %s |",
          size, Corpora.intents(size).size(), variants, megabytes(folderSize(dir)));
    }
  }

  /**
   * A cold {@code replykb index} in a fresh JVM with the serve flags, on an empty index folder:
   * loading and checking every file, analysing and indexing every variant, one commit.
   */
  private static void build(List<String> sizes) throws Exception {
    line("");
    line("## Index build");
    line("");
    line(
        "`java %s -jar target/replykb.jar index --templates <corpus> --index <empty folder>`,"
            + " a fresh JVM each, the corpora in `%s`%s, each corpus's files read once just"
            + " before (untimed here; that read's own time in the last column).",
        String.join(" ", SERVE_FLAGS),
        Corpora.CORPORA,
        Corpora.CORPORA.startsWith("/dev/shm")
            ? " (memory: this VM pages out a file it has not read for a minute, and its disk reads"
                + " a million cold files in 3–6 minutes)"
            : " (on disk: this VM pages out a file it has not read for a minute, so part of a"
                + " large corpus is read from its disk again during the build)");
    line("");
    line("| size | variants | wall time | variants/s | index size | files read before |");
    line("|---|---:|---:|---:|---:|---:|");
    for (String size : sizes) {
      Path dir = Corpora.ensure(size);
      long variants =
          Long.parseLong(Files.readString(dir.resolve(".complete"), StandardCharsets.UTF_8).strip());
      Path index = Corpora.index(size);
      if (Files.exists(index)) {
        Corpora.delete(index);
      }
      double warming = readEveryFile(dir);
      List<String> command = new ArrayList<>(java());
      command.addAll(SERVE_FLAGS);
      command.addAll(
          List.of(
              "-jar", "target/replykb.jar", "index", "--templates", dir.toString(), "--index",
              index.toString()));
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(command).inheritIO().start();
      int code = p.waitFor();
      double seconds = (System.nanoTime() - t0) / 1e9;
      line(
          "| %s | %d | %.1f s%s | %.0f | %s | %.1f s |",
          size,
          variants,
          seconds,
          code == 0 ? "" : " (exit " + code + ")",
          variants / seconds,
          megabytes(folderSize(index)),
          warming);
    }
  }

  /** Reads every file under {@code dir} once, on 16 threads; returns the seconds it took. */
  private static double readEveryFile(Path dir) throws Exception {
    long t0 = System.nanoTime();
    List<Path> files;
    try (var walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    try (java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(16)) {
      pool.submit(
              () ->
                  files.parallelStream()
                      .forEach(
                          f -> {
                            try {
                              Files.readAllBytes(f);
                            } catch (IOException e) {
                              throw new java.io.UncheckedIOException(e);
                            }
                          }))
          .get();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  // --- JMH -----------------------------------------------------------------------------------

  private static Collection<RunResult> jmh(Class<?> benchmark, String method, String... corpora)
      throws Exception {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(benchmark.getSimpleName() + "." + method + "$")
            .param("corpus", corpora)
            .shouldFailOnError(true);
    String quick = System.getenv("BENCH_QUICK");
    if (quick != null) {
      options.warmupIterations(1).measurementIterations(1).measurementTime(TimeValue.seconds(3));
    }
    String jvmArgs = System.getenv("BENCH_JVM_ARGS");
    if (jvmArgs != null && !jvmArgs.isBlank()) {
      // added to each benchmark's own flags, for comparing settings in the same hour
      options.jvmArgsPrepend(jvmArgs.trim().split("\\s+"));
    }
    return new Runner(options.build()).run();
  }

  private static void search(List<String> sizes) throws Exception {
    line("");
    line("## Search path, in-process (JMH)");
    line("");
    line(
        "`SearchBenchmark.latency`: `/api/best`'s search path (buyer locale resolved, detected for"
            + " `auto`; three candidates searched, ranked, served and judged), the %d labelled"
            + " queries in turn, one thread, `%s`. JMH sample mode, 4×5 s warm-up, 2×5 s measured.",
        Corpora.queries().size(),
        String.join(" ", SERVE_FLAGS));
    line("");
    line("| size | p50 | p90 | p99 | p99.9 | mean |");
    line("|---|---:|---:|---:|---:|---:|");
    for (RunResult r : jmh(SearchBenchmark.class, "latency", sizes.toArray(String[]::new))) {
      var stats = r.getPrimaryResult().getStatistics();
      line(
          "| %s | %.0f µs | %.0f µs | %.0f µs | %.0f µs | %.0f µs |",
          r.getParams().getParam("corpus"),
          stats.getPercentile(50),
          stats.getPercentile(90),
          stats.getPercentile(99),
          stats.getPercentile(99.9),
          stats.getMean());
    }
  }

  private static void update() throws Exception {
    line("");
    line("## One file edited, until searchable (JMH)");
    line("");
    line(
        "`UpdateBenchmark`: a German variant rewritten on disk at 100k variants; `serve`'s"
            + " watcher (300 ms quiet period), the reload of that file, the index update and the"
            + " new searcher, until a search finds the new word. 3 warm-up, 10 measured edits.");
    line("");
    line("| size | mean | min | max |");
    line("|---|---:|---:|---:|");
    for (RunResult r : jmh(UpdateBenchmark.class, "editToSearchable", "100k")) {
      var stats = r.getPrimaryResult().getStatistics();
      line(
          "| 100k | %.0f ms | %.0f ms | %.0f ms |",
          stats.getMean(),
          stats.getMin(),
          stats.getMax());
    }
  }

  // --- HTTP ----------------------------------------------------------------------------------

  private static List<String> java() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Starts {@code command} and waits until {@code probe} answers on {@code port}. */
  private static Process startServer(List<String> command, int port, String probe)
      throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(Corpora.ROOT.resolve("server-" + port + ".log").toFile())
            .start();
    // A server that never answers is stopped, not left running under the next section.
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            String.join(" ", command.subList(command.size() - 3, command.size()))
                + " exited "
                + p.exitValue()
                + "; see target/bench/server-"
                + port
                + ".log");
      }
      try {
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe)).build(),
            HttpResponse.BodyHandlers.discarding());
        return p;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("no answer on port " + port + " within 10 minutes");
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  /** The labelled queries as /api/best paths, for the load generator. */
  private static Path paths() throws IOException {
    List<String> paths = new ArrayList<>();
    for (EvalQuery q : Corpora.queries()) {
      paths.add(
          "/api/best?q="
              + URLEncoder.encode(q.query(), StandardCharsets.UTF_8)
              + "&locale="
              + URLEncoder.encode(q.locale(), StandardCharsets.UTF_8));
    }
    Path file = Corpora.ROOT.resolve("paths.txt");
    Files.write(file, paths, StandardCharsets.UTF_8);
    Path script = Corpora.ROOT.resolve("rotate.lua");
    Files.writeString(
        script,
        """
        local paths = {}
        for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
        local i = 0
        request = function()
          i = i % #paths + 1
          return wrk.format("GET", paths[i])
        end
        """,
        StandardCharsets.UTF_8);
    return file;
  }

  /** wrk's requests per second and latency percentiles for the server on {@code port}. */
  private static String[] wrk(int port, Path paths, int seconds) throws Exception {
    return wrk(port, paths, seconds, 16);
  }

  /** As {@link #wrk(int, Path, int)}, with {@code connections} at once. */
  private static String[] wrk(int port, Path paths, int seconds, int connections)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "wrk",
            connections == 1 ? "-t1" : "-t2",
            "-c" + connections,
            "-d" + seconds + "s",
            "--latency",
            "-s",
            Corpora.ROOT.resolve("rotate.lua").toString(),
            "http://127.0.0.1:" + port);
    pb.environment().put("BENCH_PATHS", paths.toAbsolutePath().toString());
    Process p = pb.redirectErrorStream(true).start();
    String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    System.out.println(report);
    Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(report);
    String[] row = new String[5];
    row[0] = rps.find() ? rps.group(1) : "?";
    String[] percentiles = {"50%", "90%", "99%"};
    for (int i = 0; i < percentiles.length; i++) {
      Matcher m =
          Pattern.compile("^\\s+" + Pattern.quote(percentiles[i]) + "\\s+(\\S+)", Pattern.MULTILINE)
              .matcher(report);
      row[i + 1] = m.find() ? m.group(1) : "?";
    }
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(report);
    row[4] = non2xx.find() ? non2xx.group(1) : "0";
    return row;
  }

  /** At most this many 10 s rounds warm the server up before its load is measured. */
  private static final int WARM_ROUNDS = 6;

  /** Seconds of one connection's load that begin the server's warm-up. */
  private static final int GENTLE_SECONDS = 20;

  private static void http() throws Exception {
    Path paths = paths();
    String size = "100k";
    Path corpus = Corpora.ensure(size);
    int port = 7471;
    List<String> serve = new ArrayList<>(java());
    serve.addAll(SERVE_FLAGS);
    serve.addAll(
        List.of(
            "-jar", "target/replykb.jar", "serve", "--templates", corpus.toString(), "--index",
            Corpora.index(size).toString(), "--port", String.valueOf(port), "--no-watch"));
    // A server in its steady state: the update benchmark edited this corpus, and a server started
    // on it would take the edit in and rebuild the completions in the background, on the cores
    // the load test measures. `replykb index` first brings index, snapshot and completions up to date.
    List<String> index = new ArrayList<>(java());
    index.addAll(SERVE_FLAGS);
    index.addAll(
        List.of(
            "-jar", "target/replykb.jar", "index", "--templates", corpus.toString(), "--index",
            Corpora.index(size).toString()));
    if (new ProcessBuilder(index).inheritIO().start().waitFor() != 0) {
      throw new IllegalStateException("replykb index failed on " + corpus);
    }
    Process server = startServer(serve, port, "/api/best?q=refund");
    // Steady state, as the in-process figure is: the JIT compiles on the cores the load leaves it,
    // so under the full load the rate climbs for a minute or more (on a slow hour it was still
    // climbing after six rounds). First one connection for 20 s, which leaves the JIT a core and
    // sends every query through the same code; then rounds of 10 s under the full load until one
    // gains less than 5%.
    String gentle = wrk(port, paths, GENTLE_SECONDS, 1)[0];
    List<String> warm = new ArrayList<>();
    double previous = 0;
    for (int round = 0; round < WARM_ROUNDS; round++) {
      String rate = wrk(port, paths, 10)[0];
      warm.add(rate);
      double now = Double.parseDouble(rate);
      if (round > 0 && now < previous * 1.05) {
        break;
      }
      previous = now;
    }
    String[] best = wrk(port, paths, 20);
    stop(server);
    List<String> bare = new ArrayList<>(java());
    bare.addAll(SERVE_FLAGS);
    int barePort = port + 1;
    bare.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            BareServer.class.getName(),
            String.valueOf(barePort)));
    Process bareServer = startServer(bare, barePort, "/api/best");
    wrk(barePort, paths, 5);
    String[] constant = wrk(barePort, paths, 10);
    stop(bareServer);
    Collection<RunResult> inProcess = jmh(SearchBenchmark.class, "throughput", size);
    double searchOps = inProcess.iterator().next().getPrimaryResult().getScore();
    line("");
    line("## HTTP load, 100k variants");
    line("");
    line(
        "`wrk -t2 -c16 -d20s --latency` on loopback, the labelled queries in turn, after a"
            + " warm-up of %d s with one connection, then rounds of 10 s until one gains less"
            + " than 5%% (at most %d); the server"
            + " with `%s` and `--no-watch`. wrk and the server share the machine's %d cores."
            + " Beside it, in the same run: a bare Javalin endpoint that answers a constant (HTTP"
            + " and JSON overhead alone; 5 s warm-up, 10 s measured), and the in-process search"
            + " path with 2 threads (JMH throughput, 8×5 s warm-up, 3×5 s measured).",
        GENTLE_SECONDS,
        WARM_ROUNDS,
        String.join(" ", SERVE_FLAGS),
        Runtime.getRuntime().availableProcessors());
    line("");
    line("| target | requests/s | p50 | p90 | p99 | non-2xx |");
    line("|---|---:|---:|---:|---:|---:|");
    line("| `/api/best` | %s | %s | %s | %s | %s |", best[0], best[1], best[2], best[3], best[4]);
    line(
        "| bare Javalin constant | %s | %s | %s | %s | %s |",
        constant[0], constant[1], constant[2], constant[3], constant[4]);
    line("| in-process search path, 2 threads | %.0f | | | | |", searchOps);
    double ratio = Double.parseDouble(best[0]) / searchOps;
    line("");
    line(
        "`/api/best` over HTTP delivers %.2f of the in-process search path's throughput"
            + " (non-2xx answers are 404 no_confident_match: answers too). Warm-up: %s"
            + " requests/s with one connection, then rounds of %s requests/s.",
        ratio,
        gentle,
        String.join(", ", warm));
  }

  // --- alternatives --------------------------------------------------------------------------

  /** Queries of the LIKE scan's warm-up round: each reads the whole table (70 ms at 100k). */
  private static final int LIKE_WARM_UP = 20;

  /** How long replykb's and FTS5's queries each warm the JIT up before they are timed. */
  private static final int WARM_UP_SECONDS = 5;

  /** Timed rounds of replykb and FTS5 (the scan's one round is most of the section's time). */
  private static final int TIMED_ROUNDS = 2;

  private static void alternatives() throws Exception {
    String size = "100k";
    Path corpus = Corpora.ensure(size);
    Catalog catalog = new CatalogLoader().load(corpus);
    Map<String, String> intents = Corpora.intents(size);
    List<EvalQuery> queries = Corpora.queries();
    Path dbFile = Corpora.ROOT.resolve("sqlite-" + size + ".db");
    long t0 = System.nanoTime();
    boolean built = !Files.exists(dbFile);
    try (Sqlite sqlite = Sqlite.open(dbFile, catalog);
        ReplySearch search = ReplySearch.open(catalog, Corpora.index(size))) {
      double buildSeconds = (System.nanoTime() - t0) / 1e9;
      // The FTS5 table is complete before the first query: so is replykb's background work
      // (completions, the check of the files), which would otherwise share the cores with the
      // timed searches.
      search.awaitBackground();
      String[] names = {"replykb", "SQLite FTS5 (trigram, bm25)", "LIKE '%q%' scan"};
      Histogram[] latency = new Histogram[3];
      int[] hits = new int[3];
      for (int i = 0; i < 3; i++) {
        latency[i] = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      }
      // Each engine runs the queries in rounds of its own, as a server of one engine would: asked
      // in turn with the others, query by query, each search would start with caches that the
      // other engines' work had just filled (replykb's median search took 2.5 times as long).
      // First each warms up: replykb's search path and the JDBC path of the SQLite queries for
      // WARM_UP_SECONDS each, so that the JIT has compiled them (SQLite's own C code needs none);
      // the scan, which has no JIT of its own to warm, for LIKE_WARM_UP queries, enough to bring
      // the table into the page cache. Then TIMED_ROUNDS timed rounds of replykb and FTS5 and one
      // of the scan (80 ms a query); Hit@1 is that of each engine's first.
      int[] warmRounds = new int[2];
      for (int engine = 0; engine < 2; engine++) {
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        do {
          for (EvalQuery q : queries) {
            run(engine, q, search, sqlite);
          }
          warmRounds[engine]++;
        } while (System.nanoTime() < warmUntil);
      }
      for (int i = 0; i < LIKE_WARM_UP; i++) {
        run(2, queries.get(i), search, sqlite);
      }
      for (int engine = 0; engine < 3; engine++) {
        for (int round = 0; round < (engine == 2 ? 1 : TIMED_ROUNDS); round++) {
          for (EvalQuery q : queries) {
            long s0 = System.nanoTime();
            List<String> ids = run(engine, q, search, sqlite);
            long took = System.nanoTime() - s0;
            latency[engine].recordValue(took);
            String top = ids.isEmpty() ? null : intents.getOrDefault(ids.get(0), ids.get(0));
            if (round == 0 && q.expectedId().equals(top)) {
              hits[engine]++;
            }
          }
        }
      }
      line("");
      line("## Beside SQLite FTS5 and a LIKE scan, 100k variants");
      line("");
      line(
          "The same corpus and the %d labelled queries, in-process, one thread, each engine in"
              + " rounds of its own: warmed up for %d s (replykb %d rounds, FTS5 %d; the scan %d"
              + " queries), then %d timed rounds (the scan one). Hit@1: the first"
              + " result is a shop's version of the expected template"
              + " (its intent). SQLite %s: every variant's title, tags, examples and body in an"
              + " FTS5 table with the trigram tokenizer (so Chinese and Japanese match), queried"
              + " with the query's words of three letters or more OR-ed and ranked by bm25; the"
              + " scan is `title LIKE '%%q%%' OR tags LIKE … OR body LIKE …`.%s",
          queries.size(),
          WARM_UP_SECONDS,
          warmRounds[0],
          warmRounds[1],
          LIKE_WARM_UP,
          TIMED_ROUNDS,
          sqlite.version(),
          built ? String.format(Locale.ROOT, " (FTS5 table built in %.0f s)", buildSeconds) : "");
      line("");
      line("| engine | Hit@1 | p50 | p99 | mean |");
      line("|---|---:|---:|---:|---:|");
      for (int i = 0; i < 3; i++) {
        line(
            "| %s | %.3f | %.2f ms | %.2f ms | %.2f ms |",
            names[i],
            (double) hits[i] / queries.size(),
            latency[i].getValueAtPercentile(50) / 1e6,
            latency[i].getValueAtPercentile(99) / 1e6,
            latency[i].getMean() / 1e6);
      }
    }
  }

  private static List<String> run(int engine, EvalQuery q, ReplySearch search, Sqlite sqlite)
      throws Exception {
    return switch (engine) {
      case 0 -> {
        BuyerLocale buyer = BuyerLocale.resolve(q.locale(), null, q.query(), search.detector());
        List<String> ids = new ArrayList<>();
        for (Reply r : search.search(q.query(), buyer.preferences(), null, 3)) {
          ids.add(r.template().id().toString());
        }
        yield ids;
      }
      case 1 -> sqlite.fts(q.query());
      default -> sqlite.like(q.query());
    };
  }

  // --- startup and memory --------------------------------------------------------------------

  private static void startup(List<String> sizes) throws Exception {
    line("");
    line("## Startup and memory");
    line("");
    line(
        "`java %s -jar target/replykb.jar serve` on an existing index: from process start to the"
            + " first answered `/api/best` (polled every 10 ms; the median of three starts),"
            + " then 500 searches; peak RSS (VmHWM) and the heap in use after them (`jcmd"
            + " GC.heap_info`).",
        String.join(" ", SERVE_FLAGS));
    line("");
    line(
        "With the startup cache `bin/serve` uses on JDK 25+ (an AOT cache of loaded classes and"
            + " profiles, trained once by a `serve --self-test` run on the same catalog): the"
            + " \"cached\" column; without it: \"cold\". Memory is of the last cold start.");
    line("");
    line("| size | first answer, cold | first answer, cached | peak RSS | heap used | heap limit |");
    line("|---|---:|---:|---:|---:|---:|");
    String probe = "/api/best?q=" + URLEncoder.encode("物流延迟", StandardCharsets.UTF_8) + "&locale=de";
    for (String size : sizes) {
      if (size.equals("10k")) {
        continue;
      }
      Path corpus = Corpora.ensure(size);
      int port = 7481;
      List<String> serve = new ArrayList<>(java());
      serve.addAll(SERVE_FLAGS);
      serve.addAll(
          List.of(
              "-jar", "target/replykb.jar", "serve", "--templates", corpus.toString(), "--index",
              Corpora.index(size).toString(), "--port", String.valueOf(port)));
      // Once to make sure the index is current, then timed: cold, then with the startup cache.
      stop(startServer(serve, port, probe));
      // The startup cache, trained as bin/serve trains it (same flags, a self-test run).
      Path cache = Corpora.ROOT.resolve("replykb-" + size + ".aot");
      Path trainingLog = Corpora.ROOT.resolve("aot-training-" + size + ".log");
      Files.deleteIfExists(cache);
      List<String> training = new ArrayList<>(java());
      training.addAll(SERVE_FLAGS);
      training.add("-XX:AOTCacheOutput=" + cache);
      training.addAll(serve.subList(java().size() + SERVE_FLAGS.size(), serve.size() - 2));
      training.addAll(List.of("--port", "0", "--self-test", "--no-watch"));
      Process train =
          new ProcessBuilder(training)
              .redirectErrorStream(true)
              .redirectOutput(trainingLog.toFile())
              .start();
      boolean trained = train.waitFor() == 0 && Files.isRegularFile(cache);
      String cachedAnswer;
      if (trained) {
        List<String> cached = new ArrayList<>(serve);
        cached.add(java().size() + SERVE_FLAGS.size(), "-XX:AOTCache=" + cache);
        cachedAnswer = medianStart(cached, port, probe);
      } else {
        // bin/serve then starts without the cache: the cold column is what it gives.
        cachedAnswer = "no cache: its training run failed (" + trainingLog + ")";
      }
      // Cold: the median of three starts, the last kept running for the memory figures.
      long[] colds = new long[3];
      Process p = null;
      for (int i = 0; i < colds.length; i++) {
        if (p != null) {
          stop(p);
        }
        long t0 = System.nanoTime();
        p = startServer(serve, port, probe);
        colds[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      Arrays.sort(colds);
      long cold = colds[1];
      List<String> paths = Files.readAllLines(paths(), StandardCharsets.UTF_8);
      for (int i = 0; i < 500; i++) {
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + paths.get(i % paths.size())))
                .build(),
            HttpResponse.BodyHandlers.discarding());
      }
      String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
      Matcher hwm = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(status);
      long rssKb = hwm.find() ? Long.parseLong(hwm.group(1)) : -1;
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  String.valueOf(p.pid()),
                  "GC.heap_info")
              .redirectErrorStream(true)
              .start();
      String heap = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor();
      stop(p);
      Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(heap);
      long usedKb = 0;
      long totalKb = 0;
      while (used.find()) {
        totalKb += Long.parseLong(used.group(1));
        usedKb += Long.parseLong(used.group(2));
      }
      line(
          "| %s | %d ms | %s | %s | %s | 512 MB (committed %s) |",
          size,
          cold,
          cachedAnswer,
          megabytes(rssKb * 1024),
          megabytes(usedKb * 1024),
          megabytes(totalKb * 1024));
    }
    String[] floor = bareStartup();
    line("");
    line(
        "The floor on this machine, in the same run: a bare Javalin server (one constant endpoint;"
            + " no catalog, index or dictionaries), same flags, median of three starts: first"
            + " answer %s cold, %s with its own startup cache.",
        floor[0],
        floor[1]);
  }

  /**
   * The floor of a start on this machine: the bare Javalin server (one constant endpoint, no
   * catalog, no index, no dictionaries) from process start to its first answer, with the same
   * flags, cold and with a startup cache trained as {@code bin/serve} trains its own; the median
   * of three starts each. The server runs from the product jar (Javalin as shipped) and a jar of
   * its one class: the JVM's cache takes jars only.
   */
  private static String[] bareStartup() throws Exception {
    Path bareJar = Corpora.ROOT.resolve("bare-server.jar");
    String entry = BareServer.class.getName().replace('.', '/') + ".class";
    try (var in = BareServer.class.getClassLoader().getResourceAsStream(entry);
        var out = new java.util.jar.JarOutputStream(Files.newOutputStream(bareJar))) {
      out.putNextEntry(new java.util.jar.JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    int port = 7483;
    List<String> bare = new ArrayList<>(java());
    bare.addAll(SERVE_FLAGS);
    bare.addAll(
        List.of(
            "-cp",
            "target/replykb.jar" + java.io.File.pathSeparator + bareJar,
            BareServer.class.getName(),
            String.valueOf(port)));
    Path cache = Corpora.ROOT.resolve("bare-server.aot");
    Files.deleteIfExists(cache);
    List<String> training = new ArrayList<>(bare);
    training.add(java().size() + SERVE_FLAGS.size(), "-XX:AOTCacheOutput=" + cache);
    training.addAll(List.of("--stop-after", "3000"));
    Process train = startServer(training, port, "/api/best");
    boolean trained = train.waitFor(60, TimeUnit.SECONDS) && Files.isRegularFile(cache);
    if (!trained) {
      stop(train);
    }
    List<String> cached = new ArrayList<>(bare);
    cached.add(java().size() + SERVE_FLAGS.size(), "-XX:AOTCache=" + cache);
    return new String[] {
      medianStart(bare, port), trained ? medianStart(cached, port) : "no cache: training failed"
    };
  }

  /** The median of three starts of {@code command} to its first answer, as "N ms". */
  private static String medianStart(List<String> command, int port) throws Exception {
    return medianStart(command, port, "/api/best");
  }

  /** The median of three starts of {@code command} until {@code probe} answers, as "N ms". */
  private static String medianStart(List<String> command, int port, String probe)
      throws Exception {
    long[] millis = new long[3];
    for (int i = 0; i < millis.length; i++) {
      long t0 = System.nanoTime();
      Process p = startServer(command, port, probe);
      millis[i] = (System.nanoTime() - t0) / 1_000_000; // the start alone, not the stop
      stop(p);
    }
    Arrays.sort(millis);
    return millis[1] + " ms";
  }

  // --- helpers -------------------------------------------------------------------------------

  private static long folderSize(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
  }
}
