package dev.replykb.crash;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogSnapshot;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import dev.replykb.search.CrashProbe;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.CatalogEditor;
import dev.replykb.translate.SourceHash;
import dev.replykb.translate.VariantText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The server the kill -9 harness ({@link KillNineHarnessTest}) kills: opens the search over a
 * catalog folder as {@code replykb serve} does, checks that the index agrees with the files, then
 * edits variants, records uses, re-indexes, reloads and restarts the search in a random mix until
 * it is killed. Every operation is announced on stdout before it starts ({@code BEGIN ...}) and
 * acknowledged after it returned ({@code EDIT ...}, {@code USE ...}): what was acknowledged was
 * committed, and the harness holds it to that.
 *
 * <p>Arguments: catalog folder, index folder, random seed, first marker counter. With {@code
 * -Dcrash.index=true} it first indexes the catalog as {@code replykb index} does.
 */
public final class CrashServer {
  private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

  /**
   * Of 100 operations, how many are edits, uses, re-indexes and reloads; the rest are restarts.
   * Edits take longest (each is checked, written, and taken into index, catalog and language
   * detector), uses least (one small file), so most kills land during edits.
   */
  static final String MIX = "40,42,13,3";

  /** Longest wait for the files changed since the snapshot to be taken in. */
  static final long TAKE_IN_SECONDS = 30;

  private CrashServer() {}

  private static void say(String line) {
    OUT.println(line);
    OUT.flush();
  }

  public static void main(String[] args) throws Exception {
    Path catalogFolder = Path.of(args[0]);
    Path indexFolder = Path.of(args[1]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[2]));
    long counter = Long.parseLong(args[3]);
    // A run that ends by itself, cleanly: the harness's first, whose classes are archived for
    // the quicker start of every other.
    long stopAfter = Long.getLong("crash.stopAfter", Long.MAX_VALUE);
    // How many of 100 operations are of each kind: see MIX.
    int[] mix =
        java.util.Arrays.stream(System.getProperty("crash.mix", MIX).split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    // The harness holds this process's stdin open: when it is gone (a test run killed or timed
    // out), so is this server, rather than editing on forever.
    Thread.ofPlatform()
        .daemon()
        .name("crash-parent-watch")
        .start(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // nothing is sent
                }
              } catch (IOException e) {
                // closed: the same
              }
              Runtime.getRuntime().halt(5);
            });
    try {
      if (Boolean.getBoolean("crash.index")) {
        // replykb index first, as an administrator runs it while no server does.
        say("BEGIN INDEX");
        ReplySearch.Indexed indexed = ReplySearch.index(catalogFolder, indexFolder);
        say("INDEX " + indexed.catalog().variantCount());
      }
      long t0 = System.nanoTime();
      ReplySearch search = ReplySearch.openFolder(catalogFolder, indexFolder);
      say("OPENED " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      List<String> bad = verify(search, indexFolder);
      for (String problem : bad) {
        say("BAD " + problem.replace('\n', ' '));
      }
      say("VERIFIED " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      if (!bad.isEmpty()) {
        System.exit(3);
      }
      say("READY");
      CatalogEditor editor = new CatalogEditor(search);
      for (long op = 0; op < stopAfter; op++) {
        int dice = random.nextInt(100);
        if (dice < mix[0]) {
          counter = edit(search, editor, random, counter);
        } else if (dice < mix[0] + mix[1]) {
          TemplateId id = CrashCatalog.TEMPLATES.get(random.nextInt(CrashCatalog.TEMPLATES.size()));
          String locale = random.nextBoolean() ? "de" : random.nextBoolean() ? "fr" : "en";
          say("BEGIN USE " + id + " " + locale);
          long total = search.usage().record(id, locale);
          say("USE " + id + " " + locale + " " + total);
        } else if (dice < mix[0] + mix[1] + mix[2]) {
          say("BEGIN REINDEX");
          int indexed = search.reindex();
          say("REINDEX " + indexed);
        } else if (dice < mix[0] + mix[1] + mix[2] + mix[3]) {
          say("BEGIN RELOAD");
          search.reload();
          say("RELOAD");
        } else {
          // A clean restart within the process: the snapshot is written on close, so kills land
          // during snapshot writes and during a restart's reading of one.
          say("BEGIN REOPEN");
          search.close();
          search = ReplySearch.openFolder(catalogFolder, indexFolder);
          editor = new CatalogEditor(search);
          say("REOPEN");
        }
      }
      search.close();
      say("STOPPED");
    } catch (Throwable e) {
      say("FAIL " + e.toString().replace('\n', ' '));
      e.printStackTrace();
      System.exit(4);
    }
  }

  /** Writes a German or French variant with a new marker, as a translator's PUT with its ETag. */
  private static long edit(
      ReplySearch search, CatalogEditor editor, SplittableRandom random, long counter)
      throws Exception {
    TemplateId id = CrashCatalog.TEMPLATES.get(random.nextInt(CrashCatalog.TEMPLATES.size()));
    ULocale locale = CrashCatalog.EDITED.get(random.nextInt(CrashCatalog.EDITED.size()));
    String marker = CrashCatalog.marker(counter);
    CatalogEditor.Draft draft = CrashCatalog.draft(id, locale, marker);
    Variant source = search.catalog().template(id).orElseThrow().variant("en").orElseThrow();
    byte[] bytes =
        VariantText.of(draft, SourceHash.of(source.title(), source.body().pattern()))
            .getBytes(StandardCharsets.UTF_8);
    String file = CatalogEditor.file(id, locale);
    String etag = editor.etag(id, locale);
    String expected = CrashCatalog.etag(bytes);
    say("BEGIN EDIT " + file + " " + expected + " " + marker);
    CatalogEditor.Written written = editor.put(id, locale, draft, etag, etag == null ? "*" : null);
    if (!written.etag().equals(expected)) {
      throw new IllegalStateException(
          "wrote " + written.etag() + " where " + expected + " was expected");
    }
    say("EDIT " + file + " " + written.etag() + " " + marker);
    return counter + 1;
  }

  /**
   * What is wrong with the search just opened, once it has taken in the files changed since its
   * snapshot: problems in the catalog, a served variant unlike its file, an index that does not
   * hold exactly the catalog's variants with their files' markers.
   */
  static List<String> verify(ReplySearch search, Path indexFolder)
      throws IOException, InterruptedException {
    List<String> bad = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TAKE_IN_SECONDS);
    List<String> changed;
    while (!(changed = CatalogSnapshot.changedSince(search.catalog())).isEmpty()) {
      if (System.nanoTime() > deadline) {
        bad.add("files not taken in after " + TAKE_IN_SECONDS + " s: " + changed);
        return bad;
      }
      Thread.sleep(5);
    }
    Catalog catalog = search.catalog();
    if (!catalog.problems().isEmpty()) {
      bad.add("catalog problems: " + catalog.problems());
    }
    // The files' markers, as the catalog should serve them and the index hold them.
    Map<String, Set<String>> onDisk = new TreeMap<>();
    for (TemplateId id : CrashCatalog.TEMPLATES) {
      for (String locale : List.of("en", "de", "fr")) {
        Path file = catalog.root().resolve(CatalogEditor.file(id, new ULocale(locale)));
        onDisk.put(
            id + "@" + locale,
            new TreeSet<>(CrashCatalog.markers(Files.readString(file, StandardCharsets.UTF_8))));
      }
    }
    Map<String, Set<String>> served = new TreeMap<>();
    for (Template t : catalog.templates()) {
      for (Variant v : t.variants().values()) {
        served.put(
            t.id() + "@" + v.localeTag(),
            new TreeSet<>(CrashCatalog.markers(v.title() + "\n" + v.body().pattern())));
      }
    }
    if (!served.equals(onDisk)) {
      bad.add("the catalog served " + served + " but the files say " + onDisk);
    }
    CrashProbe.Indexed indexed = CrashProbe.read(indexFolder, CrashCatalog.MARKER_PREFIX);
    if (!indexed.variants().equals(onDisk)) {
      bad.add("the index holds " + indexed.variants() + " but the files say " + onDisk);
    }
    Map<String, Integer> once = new TreeMap<>();
    catalog.templates().forEach(t -> once.put(t.id().toString(), 1));
    if (!indexed.templates().equals(once)) {
      bad.add("the index holds template documents " + indexed.templates() + ", not " + once);
    }
    return bad;
  }
}
