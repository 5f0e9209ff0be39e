package dev.replykb.crash;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.AtomicFile;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.TemplateId;
import dev.replykb.locale.LocalePreferences;
import dev.replykb.search.Reply;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.CatalogEditor;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 harness of the reliability issue: a server ({@link CrashServer}) edits variants,
 * records uses, re-indexes, reloads and restarts, and is killed with SIGKILL at a random moment, at
 * least 200 times over; now and then the kill lands in its start instead, or in a {@code replykb
 * index} run before it. After every kill the files must hold every acknowledged edit exactly (or,
 * for the one edit in flight, its whole new version), nothing half-written or left where the
 * catalog reads, and usage.json must be readable and count exactly the acknowledged uses (or one
 * more, for the use in flight). After a restart, once the files changed since its snapshot are
 * taken in, the index must hold exactly the catalog's variants with their files' marker words, the
 * served catalog must say what the files say, and a search for each variant's marker must find it.
 *
 * <p>Two servers run at a time, each on its own catalog and index (the machine has two cores). The
 * first server's classes are archived (class data sharing) so every later one starts quicker.
 * Reproduce a run's choices with {@code -Dcrash.seed=<the seed printed>} (the kills' timing is the
 * machine's); {@code -Dcrash.kills}, {@code -Dcrash.checks} and {@code -Dcrash.mix} (see {@link
 * CrashServer#MIX}) run it longer, check more often, or weigh the operations otherwise.
 */
@Tag("crash")
class KillNineHarnessTest {
  /** How many servers are killed: the issue asks for at least 200 ({@code -Dcrash.kills} more). */
  static final int KILLS = Math.max(200, Integer.getInteger("crash.kills", 200));

  /** Servers killed at the same time, each on its own folders. */
  static final int LANES = Integer.getInteger("crash.lanes", 2);

  /** The longest a server runs after it said READY before it is killed, in milliseconds. */
  static final int MAX_RUN_MS = 300;

  /** Of 100 kills, how many land while the server starts (opening, taking in changed files). */
  static final int STARTING_KILLS = 10;

  /** Of 100 kills, how many land while {@code replykb index} runs, before a server starts. */
  static final int INDEX_KILLS = 6;

  /**
   * Of 100 kills, after how many this JVM reopens the folders and checks index and search itself;
   * after the others the next server starts from the state the kill left (an old snapshot, files to
   * take in) and checks its index against the files before it says READY.
   */
  static final int CHECKS = Integer.getInteger("crash.checks", 50);

  static final long SEED = Long.getLong("crash.seed", System.nanoTime());

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void killNineAtRandomMomentsLosesNoAcknowledgedWriteAndLeavesNothingHalfWritten()
      throws Exception {
    long start = System.nanoTime();
    System.out.println("kill -9 harness: seed " + SEED + " (-Dcrash.seed to repeat)");
    SplittableRandom seeds = new SplittableRandom(SEED);
    ChildJvm jvm = ChildJvm.prepare(dir.resolve("jvm"));
    long prepared = System.nanoTime();
    List<Lane> lanes = new ArrayList<>();
    for (int n = 0; n < LANES; n++) {
      lanes.add(new Lane(n, dir.resolve("lane" + n), seeds.split(), jvm));
    }
    ExecutorService pool = Executors.newFixedThreadPool(LANES);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Lane lane : lanes) {
        int kills = KILLS / LANES + (lane.number < KILLS % LANES ? 1 : 0);
        running.add(pool.submit(() -> lane.run(kills, lanes)));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Stats total = new Stats();
    for (Lane lane : lanes) {
      total.add(lane.stats);
      try (Stream<Path> files = Files.list(lane.index)) {
        total.completionFolders +=
            (int) files.filter(f -> f.getFileName().toString().startsWith("suggest-")).count();
      }
    }
    long end = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "kill -9 harness: %d kills in %.1f s (%.1f s preparing the child JVM, %s)%n%s%n",
        total.kills,
        (end - start) / 1e9,
        (prepared - start) / 1e9,
        jvm.archived ? "classes archived" : "no class archive",
        total);
    List<String> failures = new ArrayList<>();
    lanes.forEach(lane -> failures.addAll(lane.failures));
    assertTrue(failures.isEmpty(), () -> String.join("\n\n", failures));
    assertTrue(total.kills >= KILLS, "only " + total.kills + " kills");
  }

  /** What the kills did, for the summary. */
  static final class Stats {
    int kills;
    int starting;
    int killedBetween;
    final Map<String, Integer> killedDuring = new TreeMap<>();
    int edits;
    int uses;
    int reindexes;
    int reloads;
    int reopens;
    int indexRuns;
    int inFlightEditsLanded;
    int inFlightEditsNotLanded;
    int inFlightUsesLanded;
    int checksHere;
    int checksByServer;
    int searches;
    int catalogTemporaries;
    int indexTemporaries;
    long readyMillis;
    int readyCount;
    long fileCheckMillis;
    long restartCheckMillis;
    int completionFolders;

    void add(Stats o) {
      kills += o.kills;
      starting += o.starting;
      killedBetween += o.killedBetween;
      o.killedDuring.forEach((k, v) -> killedDuring.merge(k, v, Integer::sum));
      edits += o.edits;
      uses += o.uses;
      reindexes += o.reindexes;
      reloads += o.reloads;
      reopens += o.reopens;
      indexRuns += o.indexRuns;
      inFlightEditsLanded += o.inFlightEditsLanded;
      inFlightEditsNotLanded += o.inFlightEditsNotLanded;
      inFlightUsesLanded += o.inFlightUsesLanded;
      checksHere += o.checksHere;
      checksByServer += o.checksByServer;
      searches += o.searches;
      catalogTemporaries += o.catalogTemporaries;
      indexTemporaries += o.indexTemporaries;
      readyMillis += o.readyMillis;
      readyCount += o.readyCount;
      fileCheckMillis += o.fileCheckMillis;
      restartCheckMillis += o.restartCheckMillis;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "  kills: %d (%d while starting, %d between operations, during an operation: %s)%n"
              + "  acknowledged: %d edits, %d uses, %d re-indexes, %d reloads, %d restarts,"
              + " %d runs of replykb index%n"
              + "  in flight at the kill: %d edits landed whole, %d not at all; %d uses landed%n"
              + "  checks after a restart: %d here (with %d searches), %d by the next server%n"
              + "  temporary files of AtomicFile left by kills (hidden, never read), at the end:"
              + " %d in the catalogs, %d in the index folders; completions folders there: %d%n"
              + "  servers READY after %d ms on average; checks of the files took %d ms in all,"
              + " reopening and searching here %d ms",
          kills,
          starting,
          killedBetween,
          killedDuring,
          edits,
          uses,
          reindexes,
          reloads,
          reopens,
          indexRuns,
          inFlightEditsLanded,
          inFlightEditsNotLanded,
          inFlightUsesLanded,
          checksHere,
          searches,
          checksByServer,
          catalogTemporaries,
          indexTemporaries,
          completionFolders,
          readyCount == 0 ? 0 : readyMillis / readyCount,
          fileCheckMillis,
          restartCheckMillis);
    }
  }

  /** One catalog and index, its servers killed one after another, and what was acknowledged. */
  static final class Lane {
    final int number;
    final Path catalog;
    final Path index;
    final Path log;
    final SplittableRandom random;
    final ChildJvm jvm;
    final Stats stats = new Stats();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    /** Each variant file's entity tag as last found on disk or acknowledged. */
    final Map<String, String> committed = new TreeMap<>();

    /** The marker word of each version of a file written. */
    final Map<String, String> markers = new HashMap<>();

    /** Each template's uses as last found on disk or acknowledged. */
    final Map<String, Long> uses = new TreeMap<>();

    /** What the last few servers printed and what was found after each, for a failure's report. */
    final java.util.ArrayDeque<String> history = new java.util.ArrayDeque<>();

    Lane(int number, Path folder, SplittableRandom random, ChildJvm jvm) throws IOException {
      this.number = number;
      this.catalog = folder.resolve("catalog");
      this.index = folder.resolve("index");
      this.log = folder.resolve("server.log");
      this.random = random;
      this.jvm = jvm;
      CrashCatalog.write(catalog);
      for (String file : editedFiles()) {
        committed.put(file, CrashCatalog.etag(Files.readAllBytes(catalog.resolve(file))));
      }
      for (TemplateId id : CrashCatalog.TEMPLATES) {
        uses.put(id.toString(), 0L);
      }
    }

    void run(int kills, List<Lane> all) {
      try {
        for (int k = 0; k < kills && failures.isEmpty(); k++) {
          if (all.stream().anyMatch(l -> l != this && !l.failures.isEmpty())) {
            return; // another lane failed: its report is what matters
          }
          kill(k, k == kills - 1);
        }
      } catch (Exception | AssertionError e) {
        failures.add(
            "lane "
                + number
                + ": "
                + e
                + "\nthe servers before:\n"
                + String.join("\n", history)
                + "\n"
                + tail(log, 40));
      }
    }

    /** Starts a server, kills it at a random moment, and checks what it left. */
    void kill(int k, boolean last) throws Exception {
      long counter = ((long) number * KILLS + k) * 10_000L; // a server makes far fewer edits
      int dice = random.nextInt(100);
      boolean early = k > 0 && dice < STARTING_KILLS;
      boolean indexing = k > 0 && !early && dice < STARTING_KILLS + INDEX_KILLS;
      long started = System.nanoTime();
      Process child = jvm.start(catalog, index, random.nextLong(), counter, log, indexing);
      Output out = new Output(child.getInputStream());
      if (indexing) {
        // Mostly while it indexes (a second or so), sometimes in the server started after it.
        out.ready.await(random.nextLong(1500), TimeUnit.MILLISECONDS);
      } else if (early) {
        long typical = stats.readyCount == 0 ? 1500 : stats.readyMillis / stats.readyCount;
        out.ready.await(random.nextLong(typical + 1), TimeUnit.MILLISECONDS);
      } else {
        if (!out.ready.await(120, TimeUnit.SECONDS) || !out.sawReady) {
          child.toHandle().destroyForcibly();
          child.waitFor(30, TimeUnit.SECONDS);
          out.finish();
          throw new AssertionError(
              "kill " + k + ": the server did not get READY: " + out.lines + "\n" + tail(log, 60));
        }
        stats.readyMillis += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        stats.readyCount++;
        Thread.sleep(random.nextInt(MAX_RUN_MS + 1));
      }
      // SIGKILL (on Linux and macOS): no shutdown hook, no finally block runs. Sent through the
      // process's handle: Process.destroyForcibly sends the same signal but also closes the pipe
      // of its output, and the lines the server printed just before would be lost unread.
      child.toHandle().destroyForcibly();
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("kill " + k + ": the server did not die");
      }
      List<String> lines = out.finish();
      String where = "lane " + number + ", kill " + k;
      int exit = child.exitValue();
      // 128 + 9: the JDK reports a process ended by a signal so; anything else ended on its own.
      if (exit != 137 && !System.getProperty("os.name").startsWith("Windows")) {
        throw new AssertionError(
            where + ": the server ended with " + exit + ", not by SIGKILL: " + last(lines, 30));
      }
      stats.kills++;
      String inFlight = acknowledged(where, lines);
      long t0 = System.nanoTime();
      checkFiles(where, inFlight, lines);
      long t1 = System.nanoTime();
      stats.fileCheckMillis += TimeUnit.NANOSECONDS.toMillis(t1 - t0);
      boolean check = last || random.nextInt(100) < CHECKS;
      if (check) {
        checkRestart(where, lines);
        stats.restartCheckMillis += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
      }
      history.addLast(
          where
              + (early ? " (early)" : "")
              + (check ? " (checked here)" : "")
              + ":\n  "
              + String.join("\n  ", lines)
              + "\n  then on disk: uses "
              + uses
              + ", files "
              + committed);
      if (history.size() > 3) {
        history.removeFirst();
      }
    }

    /**
     * Takes in what the server acknowledged, checking each acknowledgement against what came before
     * it; returns the operation that was in flight at the kill (its BEGIN line), or null.
     */
    String acknowledged(String where, List<String> lines) {
      boolean ready = false;
      String inFlight = null;
      for (String line : lines) {
        String[] w = line.split(" ");
        switch (w[0]) {
          case "READY" -> ready = true;
          case "VERIFIED" -> {
            if (lines.contains("READY")) {
              stats.checksByServer++;
            }
          }
          case "BAD", "FAIL" -> throw new AssertionError(where + ": " + line + last(lines, 30));
          case "BEGIN" -> {
            inFlight = line;
            if (w[1].equals("EDIT")) {
              markers.put(w[3], w[4]);
            }
          }
          case "EDIT" -> {
            if (!("BEGIN " + line).equals(inFlight)) {
              throw new AssertionError(where + ": " + line + " acknowledges " + inFlight);
            }
            committed.put(w[1], w[2]);
            stats.edits++;
            inFlight = null;
          }
          case "USE" -> {
            long expected = uses.get(w[1]) + 1;
            if (Long.parseLong(w[3]) != expected) {
              throw new AssertionError(
                  where + ": " + line + " where " + expected + " uses were due: a use was lost");
            }
            uses.put(w[1], expected);
            stats.uses++;
            inFlight = null;
          }
          case "REINDEX" -> {
            stats.reindexes++;
            inFlight = null;
          }
          case "RELOAD" -> {
            stats.reloads++;
            inFlight = null;
          }
          case "REOPEN" -> {
            stats.reopens++;
            inFlight = null;
          }
          case "INDEX" -> {
            stats.indexRuns++;
            inFlight = null;
          }
          default -> {
            // OPENED and its time
          }
        }
      }
      if (inFlight != null && inFlight.equals("BEGIN INDEX")) {
        stats.killedDuring.merge("replykb index", 1, Integer::sum);
      } else if (!ready) {
        stats.starting++;
      } else if (inFlight == null) {
        stats.killedBetween++;
      } else {
        stats.killedDuring.merge(inFlight.split(" ")[1].toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
      return inFlight;
    }

    /**
     * The files after a kill: exactly the catalog's files visible, each variant the version last
     * acknowledged or the whole version in flight, usage counts as acknowledged (or one more for
     * the use in flight), nothing the catalog would read half-written.
     */
    void checkFiles(String where, String inFlight, List<String> lines) throws IOException {
      String[] op = inFlight == null ? new String[] {""} : inFlight.split(" ");
      Set<String> visible = new TreeSet<>();
      List<String> strange = new ArrayList<>();
      int temporaries = 0;
      int indexTemporaries = 0;
      try (Stream<Path> files = Files.walk(catalog)) {
        for (Path p : files.filter(Files::isRegularFile).toList()) {
          String name = p.getFileName().toString();
          String relative = catalog.relativize(p).toString().replace('\\', '/');
          if (!name.startsWith(".")) {
            visible.add(relative);
          } else if (AtomicFile.isTemporary(name)) {
            temporaries++;
          } else {
            strange.add(relative);
          }
        }
      }
      Set<String> expected = new TreeSet<>(editedFiles());
      expected.add("catalog.yaml");
      expected.add("rules.yaml");
      for (TemplateId id : CrashCatalog.TEMPLATES) {
        expected.add(CatalogEditor.file(id, new ULocale("en")));
      }
      if (!visible.equals(expected) || !strange.isEmpty()) {
        throw new AssertionError(
            where + ": the catalog folder holds " + visible + " and " + strange + last(lines, 20));
      }
      for (String file : editedFiles()) {
        byte[] bytes = Files.readAllBytes(catalog.resolve(file));
        String now = CrashCatalog.etag(bytes);
        boolean inFlightHere = op[0].equals("BEGIN") && op[1].equals("EDIT") && op[2].equals(file);
        if (now.equals(committed.get(file))) {
          if (inFlightHere) {
            stats.inFlightEditsNotLanded++;
          }
        } else if (inFlightHere && now.equals(op[3])) {
          stats.inFlightEditsLanded++;
          committed.put(file, now);
        } else {
          throw new AssertionError(
              where
                  + ": "
                  + file
                  + " is neither the version acknowledged last ("
                  + committed.get(file)
                  + ") nor the one in flight ("
                  + inFlight
                  + ") but "
                  + now
                  + ":\n"
                  + new String(bytes, StandardCharsets.UTF_8)
                  + last(lines, 20));
        }
      }
      if (!new CatalogLoader().load(catalog).problems().isEmpty()) {
        throw new AssertionError(
            where + ": " + new CatalogLoader().load(catalog).problems() + last(lines, 20));
      }
      try (Stream<Path> files = Files.list(index)) {
        for (Path p : files.toList()) {
          String name = p.getFileName().toString();
          if (name.contains(".corrupt-")) {
            throw new AssertionError(where + ": usage counts were found unreadable: " + name);
          }
          if (AtomicFile.isTemporary(name)) {
            indexTemporaries++;
          }
        }
      }
      // The count so far: the catalog's stay, the index folder's go when a search opens it.
      stats.catalogTemporaries = temporaries;
      stats.indexTemporaries = indexTemporaries;
      Map<String, Long> onDisk = usage();
      for (TemplateId id : CrashCatalog.TEMPLATES) {
        String key = id.toString();
        long disk = onDisk.getOrDefault(key, 0L);
        boolean inFlightHere = op[0].equals("BEGIN") && op[1].equals("USE") && op[2].equals(key);
        if (disk == uses.get(key) + 1 && inFlightHere) {
          stats.inFlightUsesLanded++;
        } else if (disk != uses.get(key)) {
          throw new AssertionError(
              where
                  + ": usage.json counts "
                  + disk
                  + " uses of "
                  + key
                  + " where "
                  + uses.get(key)
                  + " were acknowledged (in flight: "
                  + inFlight
                  + ")"
                  + last(lines, 20));
        }
        uses.put(key, disk);
      }
    }

    /** The uses of each template in usage.json, which must be readable when it is there. */
    Map<String, Long> usage() throws IOException {
      Path file = index.resolve("usage.json");
      Map<String, Long> totals = new TreeMap<>();
      if (!Files.exists(file)) {
        return totals;
      }
      JsonNode templates = JSON.readTree(file.toFile()).get("templates");
      templates
          .properties()
          .forEach(
              e -> {
                long sum = 0;
                for (JsonNode n : e.getValue()) {
                  sum += n.asLong();
                }
                totals.put(e.getKey(), sum);
              });
      return totals;
    }

    /**
     * Reopens the folders as a restarted server does and checks, once the changed files are taken
     * in, that the index holds exactly the catalog's variants with their files' markers, and that a
     * search for each marker finds its variant.
     */
    void checkRestart(String where, List<String> lines) throws Exception {
      stats.checksHere++;
      try (ReplySearch search = ReplySearch.openFolder(catalog, index)) {
        Instant stale = Instant.now().minus(AtomicFile.STALE_AFTER).minusSeconds(5);
        try (Stream<Path> files = Files.list(index)) {
          for (Path p : files.toList()) {
            if (AtomicFile.isTemporary(p.getFileName().toString())
                && Files.getLastModifiedTime(p).toInstant().isBefore(stale)) {
              throw new AssertionError(where + ", reopened: a stale " + p + " was left");
            }
          }
        }
        List<String> bad = CrashServer.verify(search, index);
        if (!bad.isEmpty()) {
          throw new AssertionError(where + ", reopened: " + bad + last(lines, 20));
        }
        for (String file : editedFiles()) {
          String marker = markers.get(committed.get(file));
          if (marker == null) {
            continue; // never edited: no marker to look for
          }
          String locale = file.substring(0, file.indexOf('/'));
          List<Reply> found = search.search(marker, LocalePreferences.parse(locale), null, 3);
          stats.searches++;
          if (found.isEmpty()
              || !found.get(0).template().id().equals(TemplateId.ofFile(file))
              || !found.get(0).variant().localeTag().equals(locale)
              || !found.get(0).variant().body().pattern().contains(marker)) {
            throw new AssertionError(
                where
                    + ", reopened: a search for "
                    + marker
                    + " does not find "
                    + file
                    + " but "
                    + found.stream()
                        .map(r -> r.template().id() + "@" + r.variant().localeTag())
                        .toList()
                    + last(lines, 20));
          }
        }
        for (TemplateId id : CrashCatalog.TEMPLATES) {
          if (search.usage().total(id) != uses.get(id.toString())) {
            throw new AssertionError(
                where
                    + ", reopened: "
                    + search.usage().total(id)
                    + " uses of "
                    + id
                    + ", "
                    + uses.get(id.toString())
                    + " on disk");
          }
        }
      }
    }

    static List<String> editedFiles() {
      List<String> files = new ArrayList<>();
      for (TemplateId id : CrashCatalog.TEMPLATES) {
        for (ULocale locale : CrashCatalog.EDITED) {
          files.add(CatalogEditor.file(id, locale));
        }
      }
      return files;
    }
  }

  /** The last {@code n} lines a server printed, for a failure's message. */
  static String last(List<String> lines, int n) {
    return "\nthe server's last lines:\n  "
        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  /** The last {@code n} lines of a log file. */
  static String tail(Path log, int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "the servers' log ends:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * A server's stdout, read as it comes: whole lines only (a line cut by the kill was never
   * acknowledged), and whether READY came.
   */
  static final class Output {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch ready = new CountDownLatch(1);
    volatile boolean sawReady;
    volatile IOException failure;
    private final Thread reader;

    Output(InputStream stream) {
      reader =
          Thread.ofPlatform()
              .daemon()
              .name("crash-server-output")
              .start(
                  () -> {
                    try (InputStream in = new BufferedInputStream(stream)) {
                      ByteArrayOutputStream line = new ByteArrayOutputStream();
                      for (int b = in.read(); b != -1; b = in.read()) {
                        if (b == '\n') {
                          String text = line.toString(StandardCharsets.UTF_8);
                          lines.add(text);
                          line.reset();
                          if (text.equals("READY")) {
                            sawReady = true;
                            ready.countDown();
                          }
                        } else {
                          line.write(b);
                        }
                      }
                    } catch (IOException e) {
                      failure = e;
                    } finally {
                      ready.countDown();
                    }
                  });
    }

    /** Every whole line, once the server is dead and its output closed. */
    List<String> finish() throws InterruptedException {
      long t0 = System.nanoTime();
      reader.join(TimeUnit.SECONDS.toMillis(30));
      if (reader.isAlive() || failure != null) {
        throw new AssertionError(
            "output: alive "
                + reader.isAlive()
                + " after "
                + (System.nanoTime() - t0) / 1e6
                + " ms, "
                + failure);
      }
      synchronized (lines) {
        return new ArrayList<>(lines);
      }
    }
  }

  /**
   * How servers are started: this JVM's binary, class path and locale, a small heap and quick
   * start, and an archive of the classes they load, made by a first server that ends by itself.
   */
  static final class ChildJvm {
    final String java;
    final String classPath;
    final List<String> flags = new ArrayList<>();
    boolean archived;

    private ChildJvm(String java, String classPath) {
      this.java = java;
      this.classPath = classPath;
    }

    static ChildJvm prepare(Path folder) throws Exception {
      Files.createDirectories(folder);
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // Class data sharing archives classes from jars only: folders of classes are jarred.
      List<String> entries = new ArrayList<>();
      int n = 0;
      for (Path entry : expand(System.getProperty("java.class.path"))) {
        if (Files.isDirectory(entry)) {
          Path jar = folder.resolve("classes-" + n++ + ".jar");
          jar(entry, jar);
          entries.add(jar.toString());
        } else if (Files.isRegularFile(entry)) {
          entries.add(entry.toString());
        }
      }
      ChildJvm jvm = new ChildJvm(java, String.join(File.pathSeparator, entries));
      jvm.flags.addAll(
          List.of(
              "-Xmx256m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-XX:-UsePerfData",
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"));
      // The locale and charset of this JVM: the servers must not depend on them either.
      for (String property :
          List.of("user.language", "user.country", "file.encoding", "crash.mix")) {
        String value = System.getProperty(property);
        if (value != null) {
          jvm.flags.add("-D" + property + "=" + value);
        }
      }
      Path archive = folder.resolve("classes.jsa");
      Path scratch = folder.resolve("first");
      CrashCatalog.write(scratch.resolve("catalog"));
      List<String> command = new ArrayList<>();
      command.add("-XX:ArchiveClassesAtExit=" + archive);
      command.add("-Dcrash.stopAfter=30");
      Process first =
          jvm.process(
              command,
              scratch.resolve("catalog"),
              scratch.resolve("index"),
              1,
              0,
              folder.resolve("first.log"));
      Output out = new Output(first.getInputStream());
      boolean ended = first.waitFor(120, TimeUnit.SECONDS);
      List<String> lines = out.finish();
      if (!ended || first.exitValue() != 0 || !lines.contains("STOPPED")) {
        first.destroyForcibly();
        throw new AssertionError(
            "the first server did not run through: "
                + lines
                + "\n"
                + tail(folder.resolve("first.log"), 60));
      }
      if (Files.isRegularFile(archive)) {
        jvm.flags.add("-XX:SharedArchiveFile=" + archive);
        jvm.archived = true;
      }
      return jvm;
    }

    Process start(Path catalog, Path index, long seed, long counter, Path log, boolean indexing)
        throws IOException {
      return process(
          indexing ? List.of("-Dcrash.index=true") : List.of(), catalog, index, seed, counter, log);
    }

    private Process process(
        List<String> extra, Path catalog, Path index, long seed, long counter, Path log)
        throws IOException {
      List<String> command = new ArrayList<>();
      command.add(java);
      command.addAll(flags);
      command.addAll(extra);
      command.add("-cp");
      command.add(classPath);
      command.add(CrashServer.class.getName());
      command.add(catalog.toString());
      command.add(index.toString());
      command.add(Long.toString(seed));
      command.add(Long.toString(counter));
      return new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    }

    /**
     * The entries of a class path, a manifest-only jar (Surefire's) replaced by the entries its
     * manifest names.
     */
    static List<Path> expand(String classPath) throws IOException {
      Set<Path> entries = new LinkedHashSet<>();
      for (String entry : classPath.split(File.pathSeparator)) {
        if (entry.isEmpty()) {
          continue;
        }
        Path path = Path.of(entry).toAbsolutePath();
        List<Path> named = manifestOnly(path);
        if (named == null) {
          entries.add(path);
        } else {
          entries.addAll(named);
        }
      }
      return new ArrayList<>(entries);
    }

    /** The class path a jar of nothing but a manifest names, or null for any other entry. */
    private static List<Path> manifestOnly(Path path) throws IOException {
      if (!path.toString().endsWith(".jar") || !Files.isRegularFile(path)) {
        return null;
      }
      try (JarFile jar = new JarFile(path.toFile())) {
        Manifest manifest = jar.getManifest();
        String named =
            manifest == null
                ? null
                : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (named == null || jar.stream().anyMatch(e -> !e.getName().startsWith("META-INF/"))) {
          return null;
        }
        List<Path> entries = new ArrayList<>();
        for (String item : named.trim().split("\\s+")) {
          entries.add(Path.of(path.getParent().toUri().resolve(item)));
        }
        return entries;
      }
    }

    /** Jars the class folder {@code folder} into {@code jar}, uncompressed. */
    static void jar(Path folder, Path jar) throws IOException {
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file);
          Stream<Path> files = Files.walk(folder)) {
        out.setLevel(0);
        for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
          out.putNextEntry(new ZipEntry(folder.relativize(p).toString().replace('\\', '/')));
          Files.copy(p, out);
          out.closeEntry();
        }
      }
    }
  }
}
