package dev.replykb.search;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.AtomicFile;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.CatalogSnapshot;
import dev.replykb.catalog.CatalogStore;
import dev.replykb.catalog.CatalogWatcher;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.TemplateLookup;
import dev.replykb.catalog.TextStore;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.LanguageDetector;
import dev.replykb.locale.LocalePreferences;
import dev.replykb.locale.ScriptConverter;
import dev.replykb.locale.VariantChoice;
import dev.replykb.locale.VariantChooser;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.lucene.search.IndexSearcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the replies that answer an agent's text, each in the variant that fits the buyer's locale.
 *
 * <p>The query searches the variants of every locale; hits are grouped by template (a template
 * scores as its best-matching variant), and each template is then served in the variant chosen for
 * the buyer, whatever language the agent typed in.
 *
 * <p>Thread-safe. Everything a search needs (analyzers, query builders, locale matchers) is built
 * when this is opened; script-converted variants are made on first use and kept.
 */
public final class ReplySearch implements Closeable, CatalogStore {
  private static final Logger LOG = LoggerFactory.getLogger(ReplySearch.class);

  /** Longest query accepted, in characters: a pasted buyer message fits, a document does not. */
  public static final int MAX_QUERY_LENGTH = 1000;

  public static final int MAX_LIMIT = 100;

  /** At most +8% for the most used templates. */
  static final double USAGE_LIFT = 0.08;

  /** Uses at which the lift stops growing. */
  static final long USAGE_SATURATION = 100;

  /**
   * Variants taken by words per template asked for. The words of a query meet the variants of its
   * languages, one or two per template (Simplified and Traditional Chinese share their words), and
   * a template that its words alone would leave out is brought in by its concepts: taking every
   * template's every variant (up to ten here) changed no answer of the development and held-out
   * sets and made a search at 100k variants a tenth slower.
   */
  static final int WORD_HITS_PER_TEMPLATE = 2;

  /** Templates beyond the limit that usage may lift into it. */
  private static final int USAGE_CANDIDATES = 5;

  static {
    // Long pasted messages analyzed in several languages need more than Lucene's default 1024
    // clauses; MAX_QUERY_LENGTH keeps the total bounded.
    IndexSearcher.setMaxClauseCount(Math.max(IndexSearcher.getMaxClauseCount(), 32 * 1024));
  }

  private final LanguageAnalyzers analyzers;
  private final Glossary glossary;
  private final ReplySchema schema;
  private final ReplyIndex index;
  private final UsageCounts usage;
  private final CatalogLoader loader = new CatalogLoader();
  private final List<UpdateListener> listeners = new CopyOnWriteArrayList<>();

  /** The words of the catalog's domain: the terminology base and, through the index, its texts. */
  private final Vocabulary vocabulary;

  /** The words languages use without any catalog: terminology and stop words. */
  private final Map<String, Set<String>> fixedLexicons;

  private final String fixedLexiconsDigest;

  /**
   * The completions, rebuilt off the request path after the catalog changes: a change is searchable
   * at once, and its titles and tags complete a moment later. Until then the previous completions
   * answer, and those of templates that are gone are left out.
   */
  private final java.util.concurrent.atomic.AtomicReference<Completions> completions;

  private final java.util.concurrent.ScheduledExecutorService background =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("replykb-background").daemon().unstarted(r));

  private java.util.concurrent.ScheduledFuture<?> pendingCompletions;

  /**
   * Everything derived from one version of the catalog; replaced whole when the catalog changes.
   */
  private volatile State state;

  /**
   * One version of the catalog and what searching it needs: a request reads one state from start to
   * end, so it never mixes two versions of the catalog. Right after a restart {@code catalog} is
   * null and {@code templates} the snapshot's preview, until the whole catalog is read.
   */
  private record State(
      Catalog catalog,
      TemplateLookup templates,
      VariantChooser chooser,
      Once<LanguageDetector> detectors,
      float scoreScale,
      ConcurrentMap<String, Variant> converted) {
    /** This catalog version's detector, built the first time a search needs one. */
    LanguageDetector detector() {
      return detectors.get();
    }
  }

  /**
   * A value built on first use, once. The language detector waits for its first use: {@code replykb
   * index} never detects a language, and building its lexicon from a million variants' words takes
   * a while.
   */
  private static final class Once<T> {
    private final java.util.concurrent.Callable<T> build;
    private volatile T value;

    Once(java.util.concurrent.Callable<T> build) {
      this.build = build;
    }

    T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            try {
              v = build.call();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            value = v;
          }
        }
      }
      return v;
    }
  }

  private ReplySearch(
      LanguageAnalyzers analyzers,
      Glossary glossary,
      ReplySchema schema,
      ReplyIndex index,
      UsageCounts usage,
      Catalog catalog,
      CatalogSnapshot.Preview preview,
      Path indexFolder,
      int completionsNow,
      EarlyCompletions early)
      throws IOException {
    this.analyzers = analyzers;
    this.glossary = glossary;
    this.schema = schema;
    this.index = index;
    this.usage = usage;
    this.vocabulary =
        new Vocabulary(
            glossary,
            analyzers,
            word -> {
              try {
                return index.hasTerm(ReplySchema.SURFACE, word);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    this.fixedLexicons = Lexicons.fixed(glossary, analyzers);
    this.fixedLexiconsDigest = digest(fixedLexicons);
    this.indexFolder = indexFolder;
    this.completionsNow = completionsNow;
    this.completions = new java.util.concurrent.atomic.AtomicReference<>();
    this.early = early != null && early.claim() ? early : null;
    if (catalog != null) {
      this.state = state(catalog, null);
      this.store = catalog.store();
      complete(catalog);
      this.whole = CompletableFuture.completedFuture(catalog);
    } else {
      this.state = state(preview);
      this.store = preview.store();
      this.whole = new CompletableFuture<>();
    }
  }

  /** Opens or schedules the completions of {@code catalog}, the first catalog served whole. */
  private void complete(Catalog catalog) throws IOException {
    if (early != null) {
      completions.set(Completions.empty(catalog)); // until awaitCompletions takes the early ones
      return;
    }
    Completions ready = Completions.open(completionsFolder(catalog), catalog);
    if (ready == null && catalog.variantCount() <= completionsNow) {
      ready = Completions.build(completionsFolder(catalog), catalog);
    }
    completions.set(ready != null ? ready : Completions.empty(catalog));
    if (ready == null) {
      scheduleCompletions(); // a large catalog answers at once, and completes a moment later
    } else {
      // Those of other versions a restart left (the replaced ones go 30 s after a rebuild, which
      // a server stopped sooner never reached).
      background.execute(this::deleteOtherCompletions);
    }
  }

  private final int completionsNow;

  /** Completions a build began while its index merged, not yet served; null otherwise. */
  private EarlyCompletions early;

  /**
   * The completions of a catalog whose index is being built, built beside the index's final merge
   * (one core merges, the other is free): {@code replykb index} of a large catalog waited for the
   * two one after the other. Started by the index once its documents are added, if ever; then
   * claimed by the search made over that index, which serves them once built.
   */
  static final class EarlyCompletions {
    private final Path folder;
    private final Catalog catalog;
    private final CompletableFuture<Completions> built = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean started =
        new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean claimed =
        new java.util.concurrent.atomic.AtomicBoolean();

    EarlyCompletions(Path indexFolder, Catalog catalog) {
      this.folder = completionsFolder(indexFolder, catalog);
      this.catalog = catalog;
    }

    /** Starts building them on a thread of their own. */
    void start() {
      if (!started.compareAndSet(false, true)) {
        return;
      }
      Thread builder =
          new Thread(
              () -> {
                try {
                  built.complete(Completions.build(folder, catalog));
                } catch (IOException | RuntimeException | Error e) {
                  built.completeExceptionally(e);
                }
              },
              "replykb-completions");
      builder.setDaemon(true);
      builder.start();
    }

    /** True once for a build that started: its completions are the claimer's to serve. */
    boolean claim() {
      return started.get() && claimed.compareAndSet(false, true);
    }

    /** The completions, once built. */
    Completions await() throws IOException {
      try {
        return built.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }

    /**
     * Waits for a build nobody claimed (the index failed after it started) and closes what it made:
     * nothing is left writing into the index folder.
     */
    void discardUnclaimed() {
      if (started.get() && claimed.compareAndSet(false, true)) {
        try {
          await().close();
        } catch (IOException | RuntimeException e) {
          LOG.warn("Completions built beside a failed index: {}", e.toString());
        }
      }
    }
  }

  /** The texts file of the catalog's variants, or null when they are on the heap. */
  private final TextStore store;

  /**
   * The whole catalog: done from the start, or after a restart once the snapshot is read whole
   * (searches are answered from its preview meanwhile; everything else waits for it).
   */
  private final CompletableFuture<Catalog> whole;

  /**
   * Reads the whole catalog of a restart's snapshot, whose preview answers meanwhile, and serves
   * it. A snapshot damaged past its index is replaced by every file read again (and the index
   * rebuilt when they differ from it).
   */
  private void readWhole(CatalogSnapshot.Preview preview) {
    try {
      long start = System.nanoTime();
      Catalog catalog;
      try {
        catalog = preview.catalog();
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "The catalog snapshot is damaged past its index ({}); reading every file",
            e.toString());
        catalog = new CatalogLoader(preview.store()).load(preview.root());
        if (!catalog.fingerprint().equals(preview.fingerprint())) {
          index.rebuild(catalog, schema);
        }
        scheduleSnapshot(); // of the catalog the files make
      }
      // The same version of the catalog: its language detector stays.
      state = state(catalog, state.detectors());
      complete(catalog);
      whole.complete(catalog);
      LOG.info(
          "Read the whole catalog in {} ms ({} templates)",
          (System.nanoTime() - start) / 1_000_000,
          catalog.templates().size());
    } catch (IOException | RuntimeException | Error e) {
      LOG.error("Reading the catalog failed: {}", e.toString());
      whole.completeExceptionally(e);
    }
  }

  /**
   * Up to this many variants, completions are built before the search opens (a second or two); a
   * larger catalog opens at once and completes once they are built in the background.
   */
  static final int COMPLETIONS_NOW = 50_000;

  private final Path indexFolder;

  /** The folder of a catalog version's completions, beside the index. */
  private Path completionsFolder(Catalog catalog) {
    return completionsFolder(indexFolder, catalog);
  }

  private static Path completionsFolder(Path indexFolder, Catalog catalog) {
    return indexFolder.resolve("suggest-" + catalog.fingerprint().substring(0, 16));
  }

  /**
   * Builds the derived structures of one catalog version: nothing here reads variant text. {@code
   * detectors}: those of the same version already made, or null.
   */
  private State state(Catalog catalog, Once<LanguageDetector> detectors) {
    List<List<ULocale>> localeLists = new ArrayList<>();
    for (Template t : catalog.templates()) {
      localeLists.add(t.locales());
    }
    return state(
        catalog,
        catalog,
        catalog.settings(),
        localeLists,
        catalog.variantCount(),
        detectors != null ? detectors : detectors(catalog.fingerprint()));
  }

  /** The state of a restart's preview, until the whole catalog is read. */
  private State state(CatalogSnapshot.Preview preview) {
    return state(
        null,
        preview,
        preview.settings(),
        preview.localeLists(),
        preview.variantCount(),
        detectors(preview.fingerprint()));
  }

  private Once<LanguageDetector> detectors(String fingerprint) {
    return new Once<>(() -> new LanguageDetector(lexicon(fingerprint)));
  }

  private static State state(
      Catalog catalog,
      TemplateLookup templates,
      dev.replykb.catalog.CatalogSettings settings,
      Collection<List<ULocale>> localeLists,
      int variantCount,
      Once<LanguageDetector> detectors) {
    VariantChooser chooser =
        new VariantChooser(
            settings.fallbackLocale(), settings.sourceLocale(), settings.scriptConversion());
    for (List<ULocale> locales : localeLists) {
      chooser.prepare(locales);
    }
    return new State(
        catalog,
        templates,
        chooser,
        detectors,
        // BM25 weighs a word by log(documents / documents with the word): the same match scores
        // higher in a bigger catalog. Dividing by log(documents) keeps confidence comparable.
        (float) Math.log1p(Math.max(1, variantCount)),
        new ConcurrentHashMap<>());
  }

  /** The file beside the index that keeps the analyzed terminology base, for the next start. */
  static final String GLOSSARY = "glossary.bin";

  /** The file beside the index that keeps the last lexicon built, for the next start. */
  static final String LEXICON = "lexicon.fst";

  /**
   * The words of every language, for telling them apart: read from the lexicon file when it was
   * built from this very catalog with these fixed words, built from the index's terms otherwise
   * (and written for the next start). A million variants take seconds to build it from, a few
   * milliseconds to read.
   */
  private dev.replykb.locale.Lexicon lexicon(String fingerprint) throws IOException {
    long start = System.nanoTime();
    Path file = indexFolder.resolve(LEXICON);
    String key = fingerprint + ":" + ReplySchema.VERSION + ":" + fixedLexiconsDigest;
    dev.replykb.locale.Lexicon read = dev.replykb.locale.Lexicon.read(file, key).orElse(null);
    if (read != null) {
      LOG.info("Lexicon read in {} ms", (System.nanoTime() - start) / 1_000_000);
      return read;
    }
    dev.replykb.locale.Lexicon built = index.lexicon(fixedLexicons);
    long builtAt = System.nanoTime();
    try {
      built.write(file, key);
    } catch (IOException e) {
      LOG.warn("Writing the lexicon for the next start failed: {}", e.toString());
    }
    LOG.info(
        "Lexicon built in {} ms, written in {} ms",
        (builtAt - start) / 1_000_000,
        (System.nanoTime() - builtAt) / 1_000_000);
    return built;
  }

  /** A digest of {@link #fixedLexicons}: a lexicon file from other fixed words is not used. */
  private static String digest(Map<String, Set<String>> lexicons) {
    StringBuilder all = new StringBuilder();
    new java.util.TreeMap<>(lexicons)
        .forEach(
            (language, words) -> {
              all.append(language).append('\u001e');
              new TreeSet<>(words).forEach(w -> all.append(w).append('\u001f'));
            });
    try {
      byte[] sum =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(sum, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
  }

  /**
   * Opens the search over {@code catalog}, with its index in {@code indexFolder}: reused when it
   * was built from this very catalog, rebuilt otherwise.
   */
  public static ReplySearch open(Catalog catalog, Path indexFolder) throws IOException {
    return open(catalog, indexFolder, false, COMPLETIONS_NOW);
  }

  /** The snapshot of the catalog beside the index, and the file of its texts. */
  static final String SNAPSHOT = "catalog.snapshot";

  static final String TEXTS = "catalog.texts";

  /**
   * Opens the search over the catalog folder {@code templates}, for a server: its texts off the
   * heap, in a text store beside the index. A restart reads the snapshot written beside the index
   * instead of every file, answers at once, and takes in what changed on disk meanwhile in the
   * background (by size and modification time). Without a usable snapshot every file is read, and
   * the snapshot written for next time.
   */
  public static ReplySearch openFolder(Path templates, Path indexFolder) throws IOException {
    return openFolder(templates, indexFolder, CompletableFuture.completedFuture(null));
  }

  /**
   * As {@link #openFolder(Path, Path)}; after a restart, the whole catalog is read, and what
   * changed on disk checked, once {@code started} completes (a server's dictionaries loaded): the
   * first searches, answered from the snapshot's preview, do not share the two cores with them.
   */
  public static ReplySearch openFolder(
      Path templates, Path indexFolder, java.util.concurrent.CompletionStage<?> started)
      throws IOException {
    Path snapshot = indexFolder.resolve(SNAPSHOT);
    Path texts = indexFolder.resolve(TEXTS);
    // The terminology base is analysed while the catalog is read (it needs only its own
    // languages' analyzers, which give the tokens the search's own give): half a second of a
    // restart, off the thread that reads the snapshot.
    java.util.concurrent.CompletableFuture<Glossary> glossary =
        java.util.concurrent.CompletableFuture.supplyAsync(
            // Read back as analyzed at the last start; analyzed with every language's own
            // analyzer (dictionaries and all) and written only when the terminology, the
            // analysis or the libraries changed.
            () ->
                Glossary.cached(
                    indexFolder.resolve(GLOSSARY),
                    () -> {
                      try (LanguageAnalyzers own = new LanguageAnalyzers(Glossary.locales())) {
                        return Glossary.bundled(own);
                      }
                    }),
            runnable -> Thread.ofPlatform().name("replykb-glossary").daemon().start(runnable));
    java.util.function.Supplier<Glossary> analysed =
        () -> {
          try {
            return glossary.join();
          } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
          }
        };
    CatalogSnapshot.Preview preview = null;
    if (Files.isRegularFile(snapshot) && Files.isRegularFile(texts)) {
      try {
        preview = CatalogSnapshot.preview(snapshot, texts, templates);
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "The catalog snapshot {} is unusable ({}); reading every file", snapshot, e.toString());
      }
    }
    // A restart on an index of the snapshot's catalog answers from the snapshot's preview at once
    // and reads the whole catalog in the background (a million variants take seconds).
    ReplySearch search = null;
    if (preview != null) {
      try {
        search = openPreview(preview, indexFolder, analysed);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Opening the index on the catalog snapshot failed ({})", e.toString());
      }
    }
    Catalog catalog = null;
    if (search == null && preview != null) {
      try {
        catalog = preview.catalog();
      } catch (IOException | RuntimeException e) {
        preview.store().close();
        LOG.warn(
            "The catalog snapshot {} is unusable ({}); reading every file", snapshot, e.toString());
      }
    }
    boolean restored = search != null || catalog != null;
    if (search == null) {
      if (catalog == null) {
        Files.createDirectories(indexFolder);
        catalog = new CatalogLoader(TextStore.create(texts)).load(templates);
      }
      search = open(catalog, indexFolder, restored, COMPLETIONS_NOW, analysed, null);
    }
    ReplySearch opened = search;
    opened.snapshotFile = snapshot;
    // A server detects languages from its first request on: its lexicon is built at once.
    opened.background.execute(() -> opened.state.detector());
    List<Runnable> afterStart = new ArrayList<>();
    if (preview != null && opened.state.catalog() == null) {
      CatalogSnapshot.Preview read = preview;
      afterStart.add(() -> opened.readWhole(read));
    }
    // Temporary files of writes a crash interrupted (kill -9 between writing and renaming) go;
    // off the first answer's path: at a million files the walk takes seconds.
    afterStart.add(
        () -> {
          try {
            int removed = AtomicFile.removeStaleUnder(templates);
            if (removed > 0) {
              LOG.info(
                  "Removed {} temporary file(s) of interrupted writes in {}", removed, templates);
            }
          } catch (IOException | RuntimeException e) {
            LOG.warn("Removing temporary files of interrupted writes failed: {}", e.toString());
          }
        });
    if (restored) {
      afterStart.add(opened::takeInChangesSinceSnapshot);
    } else {
      opened.writeSnapshot();
    }
    started.whenComplete(
        (done, failed) -> {
          try {
            afterStart.forEach(opened.background::execute);
          } catch (java.util.concurrent.RejectedExecutionException closed) {
            opened.whole.completeExceptionally(closed); // closed before it started
          }
        });
    return search;
  }

  /**
   * Waits until the work queued in the background so far is done: after a restart, reading the
   * whole catalog and checking the files against the snapshot. For measurements of the steady state
   * (a benchmark that started at once would time searches beside a walk of a million files).
   */
  public void awaitBackground() throws IOException {
    try {
      background.submit(() -> {}).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for the background");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }

  /**
   * What {@link #index} did.
   *
   * @param catalog the catalog read from the files
   * @param rebuilt whether the index was built anew
   * @param updatedTemplates how many templates were reindexed in an index that was kept (0 when it
   *     was rebuilt or already current)
   */
  public record Indexed(Catalog catalog, boolean rebuilt, int updatedTemplates) {}

  /**
   * Reads every file of {@code templates} (a check: its problems are reported), brings the index in
   * {@code indexFolder} up to date and writes the snapshot a server starts from. An index built for
   * the catalog of the last snapshot takes in only the templates whose files changed since (a pull
   * of a few files does not rebuild a million variants); any other index is rebuilt.
   */
  public static Indexed index(Path templates, Path indexFolder) throws IOException {
    return index(templates, indexFolder, COMPLETIONS_NOW);
  }

  /**
   * As {@link #index(Path, Path)}; a catalog of more than {@code completionsNow} variants has its
   * completions scheduled in the background first, as a server's would be.
   */
  static Indexed index(Path templates, Path indexFolder, int completionsNow) throws IOException {
    Files.createDirectories(indexFolder);
    Path texts = indexFolder.resolve(TEXTS);
    // Each phase's time is logged: where a large catalog's build spends it.
    long t0 = System.nanoTime();
    Digests before = indexedBefore(indexFolder, texts, templates);
    Catalog catalog = new CatalogLoader(TextStore.create(texts)).load(templates);
    long t1 = System.nanoTime();
    LOG.info("Read {} files in {} ms", catalog.variantCount(), (t1 - t0) / 1_000_000);
    Set<TemplateId> changed = null;
    if (before != null && before.settings.equals(catalog.settingsDigest())) {
      changed = new TreeSet<>();
      Map<TemplateId, Long> after = catalog.templateDigests();
      for (Map.Entry<TemplateId, Long> e : after.entrySet()) {
        if (!e.getValue().equals(before.templates.get(e.getKey()))) {
          changed.add(e.getKey());
        }
      }
      for (TemplateId id : before.templates.keySet()) {
        if (!after.containsKey(id)) {
          changed.add(id);
        }
      }
    }
    int updated = 0;
    EarlyCompletions early = new EarlyCompletions(indexFolder, catalog);
    try (ReplySearch search =
        open(catalog, indexFolder, changed != null, completionsNow, null, early)) {
      if (!search.indexRebuilt()
          && changed != null
          && !catalog.fingerprint().equals(before.fingerprint)) {
        search.index.update(catalog, changed, search.schema);
        updated = changed.size();
      }
      long t2 = System.nanoTime();
      LOG.info(
          "Index {} in {} ms",
          search.indexRebuilt()
              ? "built"
              : changed != null && updated > 0
                  ? "updated (" + updated + " changed templates reindexed)"
                  : "opened",
          (t2 - t1) / 1_000_000);
      search.snapshotFile = indexFolder.resolve(SNAPSHOT);
      search.writeSnapshot();
      long t3 = System.nanoTime();
      LOG.info("Snapshot written in {} ms", (t3 - t2) / 1_000_000);
      // A server started next opens the completions as they are, however large the catalog.
      search.awaitCompletions();
      LOG.info("Completions ready in {} ms", (System.nanoTime() - t3) / 1_000_000);
      return new Indexed(catalog, search.indexRebuilt(), search.indexRebuilt() ? 0 : updated);
    } finally {
      early.discardUnclaimed(); // an index that failed after its documents were added
    }
  }

  /** The catalog an index was committed with, as digests of its settings and templates. */
  private record Digests(String fingerprint, String settings, Map<TemplateId, Long> templates) {}

  /**
   * What the index in {@code folder} holds, from the last snapshot, when the index was committed
   * with that snapshot's catalog; null otherwise (no index, no snapshot, another version, a
   * snapshot older or newer than the index): then the index is rebuilt.
   */
  private static Digests indexedBefore(Path folder, Path texts, Path templates) {
    Path snapshot = folder.resolve(SNAPSHOT);
    String committed = ReplyIndex.committedFingerprint(folder);
    if (committed == null || !Files.isRegularFile(snapshot) || !Files.isRegularFile(texts)) {
      return null;
    }
    Catalog previous;
    try {
      previous = CatalogSnapshot.read(snapshot, texts, templates);
    } catch (IOException | RuntimeException e) {
      LOG.info("The catalog snapshot {} is unusable ({}); rebuilding the index", snapshot, e);
      return null;
    }
    try {
      if (!committed.equals(previous.fingerprint())) {
        return null; // the index and the snapshot are of different versions: no diff to trust
      }
      return new Digests(
          previous.fingerprint(), previous.settingsDigest(), previous.templateDigests());
    } finally {
      try {
        if (previous.store() != null) {
          previous.store().close(); // its file is about to be written anew
        }
      } catch (IOException e) {
        LOG.warn("Closing the previous texts file failed: {}", e.toString());
      }
    }
  }

  private void takeInChangesSinceSnapshot() {
    try {
      long start = System.nanoTime();
      List<String> changed = CatalogSnapshot.changedSince(catalog());
      if (!changed.isEmpty()) {
        refresh(changed);
      }
      LOG.info(
          "Checked the catalog against its snapshot in {} ms: {} file(s) changed",
          (System.nanoTime() - start) / 1_000_000,
          changed.size());
    } catch (IOException | RuntimeException e) {
      LOG.error("Checking the catalog against its snapshot failed: {}", e.toString());
    }
  }

  /** Where the snapshot is written, for a search opened on a catalog folder; null otherwise. */
  private volatile Path snapshotFile;

  private java.util.concurrent.ScheduledFuture<?> pendingSnapshot;

  /** Writes the snapshot of the catalog served now, if this search keeps one. */
  private synchronized void writeSnapshot() {
    Catalog catalog = state.catalog();
    if (snapshotFile == null || catalog == null || catalog.store() == null) {
      return;
    }
    try {
      CatalogSnapshot.write(catalog, catalog.store(), snapshotFile);
    } catch (IOException | RuntimeException e) {
      LOG.error("Writing the catalog snapshot failed: {}", e.toString());
    }
  }

  /** Writes the snapshot a while after the last change: one write for a burst of edits. */
  private synchronized void scheduleSnapshot() {
    if (snapshotFile == null) {
      return;
    }
    if (pendingSnapshot != null) {
      pendingSnapshot.cancel(false);
    }
    pendingSnapshot =
        background.schedule(
            this::writeSnapshot, SNAPSHOT_DELAY_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** How long after a change the snapshot is written again. */
  static final long SNAPSHOT_DELAY_MS = 5_000;

  private static ReplySearch open(
      Catalog catalog, Path indexFolder, boolean reconciling, int completionsNow)
      throws IOException {
    return open(catalog, indexFolder, reconciling, completionsNow, null, null);
  }

  /**
   * As above; {@code glossary}, when given, supplies the terminology base analysed already; {@code
   * early}, when given, begins the completions once a rebuilt index has its documents.
   */
  private static ReplySearch open(
      Catalog catalog,
      Path indexFolder,
      boolean reconciling,
      int completionsNow,
      java.util.function.Supplier<Glossary> glossarySupplier,
      EarlyCompletions early)
      throws IOException {
    List<List<ULocale>> localeLists = new ArrayList<>();
    catalog.templates().forEach(t -> localeLists.add(t.locales()));
    return open(
        localeLists,
        indexFolder,
        glossarySupplier,
        schema ->
            ReplyIndex.open(
                indexFolder, catalog, schema, reconciling, early == null ? null : early::start),
        assembler(indexFolder, catalog, null, completionsNow, early));
  }

  /**
   * The search of a restart on the snapshot's {@code preview}, when the index is of its catalog:
   * answering at once, its whole catalog read in the background; null when the index is of another
   * catalog (nothing is kept open then).
   */
  private static ReplySearch openPreview(
      CatalogSnapshot.Preview preview,
      Path indexFolder,
      java.util.function.Supplier<Glossary> glossarySupplier)
      throws IOException {
    return open(
        preview.localeLists(),
        indexFolder,
        glossarySupplier,
        schema ->
            ReplyIndex.openCurrent(
                indexFolder, preview.fingerprint(), preview.variantCount(), schema),
        assembler(indexFolder, null, preview, COMPLETIONS_NOW, null));
  }

  /** What a search is made of before its index. */
  private record Parts(LanguageAnalyzers analyzers, Glossary glossary, ReplySchema schema) {}

  @FunctionalInterface
  private interface IndexOpener {
    /** The index, or null when it cannot be opened this way. */
    ReplyIndex open(ReplySchema schema) throws IOException;
  }

  @FunctionalInterface
  private interface Assembler {
    ReplySearch assemble(Parts parts, ReplyIndex index) throws IOException;
  }

  /** The search over {@code catalog}, or over a restart's {@code preview} until it is whole. */
  private static Assembler assembler(
      Path indexFolder,
      Catalog catalog,
      CatalogSnapshot.Preview preview,
      int completionsNow,
      EarlyCompletions early) {
    return (parts, index) ->
        new ReplySearch(
            parts.analyzers(),
            parts.glossary(),
            parts.schema(),
            index,
            UsageCounts.in(indexFolder),
            catalog,
            preview,
            indexFolder,
            completionsNow,
            early);
  }

  /**
   * The analyzers and schema of a catalog of templates with {@code localeLists}, the index {@code
   * opener} opens, and the search made of them; null when the opener gives no index.
   */
  private static ReplySearch open(
      Collection<List<ULocale>> localeLists,
      Path indexFolder,
      java.util.function.Supplier<Glossary> glossarySupplier,
      IndexOpener opener,
      Assembler assembler)
      throws IOException {
    Comparator<ULocale> byTag = Comparator.comparing(ULocale::toLanguageTag);
    // Gathered by equality, then sorted: a tag comparison builds its tag, and a million variants
    // made that a few seconds of a restart.
    Set<ULocale> distinct = new java.util.HashSet<>();
    localeLists.forEach(distinct::addAll);
    Set<ULocale> locales = new TreeSet<>(byTag);
    locales.addAll(distinct);
    Set<String> catalogFamilies = new TreeSet<>();
    locales.forEach(l -> catalogFamilies.add(LanguageAnalyzers.familyOf(l)));
    Set<ULocale> analyzed = new TreeSet<>(byTag);
    analyzed.addAll(locales);
    analyzed.addAll(Glossary.locales());
    LanguageAnalyzers analyzers = new LanguageAnalyzers(analyzed);
    try {
      Glossary glossary =
          glossarySupplier != null
              ? glossarySupplier.get()
              : Glossary.cached(indexFolder.resolve(GLOSSARY), () -> Glossary.bundled(analyzers));
      ReplySchema schema = new ReplySchema(analyzers, catalogFamilies, glossary);
      ReplyIndex index = opener.open(schema);
      if (index == null) {
        analyzers.close();
        return null;
      }
      try {
        return assembler.assemble(new Parts(analyzers, glossary, schema), index);
      } catch (IOException | RuntimeException e) {
        index.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      analyzers.close();
      throw e;
    }
  }

  /**
   * Takes in files of the catalog that changed on disk (paths relative to the catalog folder):
   * reads only those, updates the index for the templates they belong to, and makes the new version
   * searchable before returning. Searches keep being answered meanwhile, from the previous version.
   * A file that is now broken is reported in the catalog's problems and the last good version of
   * its template keeps being served.
   *
   * <p>Serialized: one change is taken in at a time.
   *
   * @return the catalog now served
   */
  @Override
  public Catalog refresh(Collection<String> changedFiles) throws IOException {
    catalog(); // after a restart, the whole catalog first (never waited for inside the lock)
    return refreshWhole(changedFiles);
  }

  private synchronized Catalog refreshWhole(Collection<String> changedFiles) throws IOException {
    Catalog previous = state.catalog();
    // Texts read go where the catalog keeps its texts: a pull of many files stays off the heap.
    Catalog next =
        (previous.store() == null ? loader : new CatalogLoader(previous.store()))
            .reload(previous, changedFiles);
    if (next.fingerprint().equals(previous.fingerprint())) {
      return previous; // our own write seen again by the watcher, or a touch without a change
    }
    Set<TemplateId> changed = changedTemplates(previous, next);
    next.templates()
        .forEach(
            t -> t.locales().forEach(l -> schema.addCatalogFamily(LanguageAnalyzers.familyOf(l))));
    index.update(next, changed, schema);
    State fresh = state(next, null);
    fresh.detector(); // built before it is published: searches keep their pace meanwhile
    state = fresh;
    scheduleCompletions();
    scheduleSnapshot();
    for (UpdateListener listener : listeners) {
      try {
        listener.updated(previous, next, changed);
      } catch (RuntimeException e) {
        LOG.error("An update listener failed on {}: {}", changed, e.toString());
      }
    }
    return next;
  }

  /**
   * Takes in every file that differs on disk from the catalog served (new, gone, or of another size
   * or modification time), as a restart does: for an administrator when the watcher is off or a
   * change reached the folder unseen (a network file system, a restore from a backup).
   *
   * @return the catalog now served
   */
  public Catalog reload() throws IOException {
    catalog();
    synchronized (this) {
      List<String> changed = CatalogSnapshot.changedSince(catalog());
      LOG.info("Reload: {} file(s) differ from the catalog served", changed.size());
      return changed.isEmpty() ? catalog() : refreshWhole(changed);
    }
  }

  /**
   * Rebuilds the index from the catalog served, every variant analysed again: for an administrator
   * after a change of analysis or a suspect index. Searches keep being answered from the previous
   * index until the new one is committed; edits wait (they are serialized with this).
   *
   * @return how many variants were indexed
   */
  public int reindex() throws IOException {
    catalog();
    synchronized (this) {
      return reindexWhole();
    }
  }

  private int reindexWhole() throws IOException {
    long t0 = System.nanoTime();
    int indexed = index.rebuild(state.catalog(), schema);
    LOG.info("Re-indexed {} variants in {} ms", indexed, (System.nanoTime() - t0) / 1_000_000);
    return indexed;
  }

  /** Rebuilds the completions a moment after the last change: one rebuild for a burst of edits. */
  private synchronized void scheduleCompletions() {
    if (pendingCompletions != null) {
      pendingCompletions.cancel(false);
    }
    pendingCompletions =
        background.schedule(
            () -> {
              try {
                Completions old = completeCurrent();
                if (old != null) {
                  try {
                    // Requests may still be looking the old ones up: close them a little later.
                    background.schedule(
                        () -> retire(old),
                        RETIRE_DELAY_MS,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                  } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // The search closed while they were built (replykb index waits for them,
                    // then closes): nothing looks the old ones up any more.
                    old.close();
                  }
                }
              } catch (IOException | RuntimeException e) {
                LOG.error("Rebuilding the completions failed: {}", e.toString());
              }
            },
            COMPLETIONS_DELAY_MS,
            java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Held while completions are opened or built: one builder per folder, or they fight over it. */
  private final Object completionsBuild = new Object();

  /**
   * Makes the completions those of the catalog now served, opening or building them.
   *
   * @return the completions replaced, for the caller to close; null when they were current
   */
  private Completions completeCurrent() throws IOException {
    synchronized (completionsBuild) {
      Catalog catalog = state.catalog();
      Path folder = completionsFolder(catalog);
      if (folder.equals(completions.get().folder())) {
        return null;
      }
      Completions built = Completions.open(folder, catalog);
      if (built == null) {
        built = Completions.build(folder, catalog);
      }
      return completions.getAndSet(built);
    }
  }

  /**
   * Waits until the completions of the catalog now served are built, building them on this thread
   * unless the background is at it already. (A cancelled task that had started keeps running:
   * {@link #completeCurrent} is what keeps the two apart.)
   */
  private void awaitCompletions() throws IOException {
    synchronized (this) {
      if (pendingCompletions != null) {
        pendingCompletions.cancel(false);
        pendingCompletions = null;
      }
    }
    EarlyCompletions begun;
    synchronized (this) {
      begun = early;
      early = null;
    }
    if (begun != null) {
      Completions built = begun.await();
      Completions old;
      synchronized (completionsBuild) {
        old = completions.getAndSet(built);
      }
      old.close();
    }
    Completions old = completeCurrent();
    if (old != null) {
      old.close();
    }
  }

  /** How long replaced completions stay open for the requests still using them. */
  static final long RETIRE_DELAY_MS = 30_000;

  private void retire(Completions old) {
    try {
      old.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Closing replaced completions failed: {}", e.toString());
    }
    deleteOtherCompletions();
  }

  /** Deletes every catalog version's completions but those served now. */
  private void deleteOtherCompletions() {
    // Never while completions are built: the folder being built is not the current one yet.
    synchronized (completionsBuild) {
      try {
        Path current = completions.get().folder();
        try (var folders = Files.list(indexFolder)) {
          for (Path f : folders.toList()) {
            if (f.getFileName().toString().startsWith("suggest-") && !f.equals(current)) {
              Completions.deleteFolder(f);
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("Removing replaced completions failed: {}", e.toString());
      }
    }
  }

  /** How long after a change the completions are rebuilt. */
  static final long COMPLETIONS_DELAY_MS = 500;

  /** Told of every new version of the catalog the search takes in. */
  @FunctionalInterface
  public interface UpdateListener {
    /** Called after {@code next} became searchable, on the thread that took it in. */
    void updated(Catalog previous, Catalog next, Set<TemplateId> changed);
  }

  /** Calls {@code listener} after each change taken in by {@link #refresh}. */
  public void addUpdateListener(UpdateListener listener) {
    listeners.add(listener);
  }

  /**
   * Watches the catalog folder and takes in what changes there (an editor's save, a {@code git
   * pull}) without a restart: changed files only, each batch once the folder has been still for
   * {@code quiet}. Logs what it took in and the problems of the changed files; a broken file keeps
   * its last good version served. Close the watcher to stop.
   */
  public CatalogWatcher watchCatalog(Duration quiet) throws IOException {
    return new CatalogWatcher(
        catalog().root(),
        quiet,
        changed -> {
          try {
            Catalog before = catalog();
            Catalog now = refresh(changed);
            if (now == before) {
              return; // a write of our own editor, taken in already
            }
            LOG.info(
                "Took in {} changed file(s) {}: {} templates, {} problems",
                changed.size(),
                changed.size() <= 5 ? changed : "",
                now.templates().size(),
                now.problems().size());
            now.problems().stream()
                .filter(p -> changed.contains(p.file()))
                .forEach(p -> LOG.warn("Catalog problem: {} (the last good version is served)", p));
          } catch (IOException | RuntimeException e) {
            LOG.error("Taking in {} failed: {}", changed, e.toString());
          }
        });
  }

  /**
   * The ids whose templates differ between two versions of the catalog: a reload keeps the very
   * objects of the templates it did not touch, so comparing references finds the changed ones.
   */
  private static Set<TemplateId> changedTemplates(Catalog previous, Catalog next) {
    Set<TemplateId> ids = new TreeSet<>();
    for (Template t : previous.templates()) {
      if (next.template(t.id()).orElse(null) != t) {
        ids.add(t.id());
      }
    }
    for (Template t : next.templates()) {
      if (previous.template(t.id()).orElse(null) != t) {
        ids.add(t.id());
      }
    }
    return ids;
  }

  /** The query builder, for tools in this package (profiling, explanations). */
  ReplySchema schemaForTools() {
    return schema;
  }

  /** The index, for tools and tests in this package. */
  ReplyIndex indexForTools() {
    return index;
  }

  /** How often agents sent each template. */
  public UsageCounts usage() {
    return usage;
  }

  /** The language detector for {@code locale=auto}, knowing this catalog's vocabulary. */
  public LanguageDetector detector() {
    return state.detector();
  }

  /**
   * Loads the analyzers' dictionaries (smartcn, Kuromoji, Nori, ICU), which otherwise load on the
   * first search in each language. Call it off the request path, for example right after startup.
   */
  public void warmUp() {
    analyzers.warmUp();
  }

  /**
   * Loads, in the calling thread, the dictionaries that a catalog in {@code templates} will need,
   * guessing its languages from the names of its locale folders. Startup runs it beside the catalog
   * load, so the first Chinese or Japanese search does not wait for a dictionary. Never fails.
   */
  public static void preload(Path templates) {
    List<ULocale> locales = new ArrayList<>();
    try (var folders = java.nio.file.Files.list(templates)) {
      folders
          .filter(java.nio.file.Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("."))
          .forEach(
              name -> {
                try {
                  locales.add(dev.replykb.locale.LocaleTags.parse(name));
                } catch (IllegalArgumentException e) {
                  // not a locale folder: the catalog load reports it
                }
              });
    } catch (IOException e) {
      return; // the catalog load reports it
    }
    // First the analyzers that a query in one of the catalog's languages is read in (a Chinese one
    // also as Japanese, for the terminology); then the table of Lingua's models, which only a
    // Latin, Cyrillic or Arabic query needs (and builds itself if it comes first); last the
    // terminology of the
    // languages left (a Korean message finds its concepts in a catalog without Korean), so that
    // a first search in the catalog's languages after a start shares the cores with less.
    Set<String> catalogFamilies = new java.util.HashSet<>();
    locales.forEach(l -> catalogFamilies.add(LanguageAnalyzers.familyOf(l)));
    List<ULocale> first = new ArrayList<>(locales);
    List<ULocale> terminologyOnly = new ArrayList<>();
    for (ULocale locale : Glossary.locales()) {
      String family = LanguageAnalyzers.familyOf(locale);
      boolean read = catalogFamilies.stream().anyMatch(f -> QueryScripts.readsWritingOf(family, f));
      (read ? first : terminologyOnly).add(locale);
    }
    long start = System.nanoTime();
    LanguageAnalyzers.preload(first);
    LOG.info("Analyzers' dictionaries loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
    LanguageDetector.preload();
    if (locales.stream().anyMatch(l -> l.getLanguage().equals("zh"))) {
      ScriptConverter.toTraditional("预热"); // builds the transform a zh-Hant buyer may need
    }
    if (!terminologyOnly.isEmpty()) {
      LanguageAnalyzers.preload(terminologyOnly);
    }
  }

  /**
   * The catalog served now. Right after a restart, waits until it is read whole (searches are
   * answered meanwhile).
   *
   * @throws IllegalStateException when the catalog could not be read
   */
  @Override
  public Catalog catalog() {
    Catalog catalog = state.catalog();
    if (catalog != null) {
      return catalog;
    }
    try {
      whole.join();
    } catch (java.util.concurrent.CompletionException
        | java.util.concurrent.CancellationException e) {
      throw new IllegalStateException("the catalog could not be read", e.getCause());
    }
    return state.catalog();
  }

  /** Whether opening had to build the index (the catalog changed, or there was none). */
  public boolean indexRebuilt() {
    return index.rebuilt();
  }

  /**
   * The best {@code limit} templates for {@code text}, best first, each in the variant that fits
   * {@code preferences}.
   *
   * @param category only templates of this category, or null for all
   * @throws IllegalArgumentException for an empty or over-long text or a limit out of range
   */
  public List<Reply> search(String text, LocalePreferences preferences, String category, int limit)
      throws IOException {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the query is empty");
    }
    if (text.length() > MAX_QUERY_LENGTH) {
      throw new IllegalArgumentException(
          "the query is " + text.length() + " characters long; at most " + MAX_QUERY_LENGTH);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    State s = state;
    LanguageDetector detector = s.detector();
    // A misspelled word is searched as the catalog's word it is one or two edits from, with all
    // that word's evidence (its stems, its concepts): Rücksenung finds what Rücksendung finds.
    Corrected corrected = correct(text, vocabulary);
    String searched = corrected.text();
    ReplySchema.Plan plan =
        schema.plan(
            searched,
            category,
            detector.plausibility(searched),
            detector.unknownShare(text),
            // The query's own words were segmented for the typo check just now: reused unless
            // corrections were appended to it.
            searched.equals(text) ? vocabulary.queryWords(text) : schema.surfaceWords(searched));
    if (plan == null) {
      return List.of();
    }
    // A few more templates than asked for, so that usage can lift one that is close behind.
    int candidates = limit + USAGE_CANDIDATES;
    // Every matching variant of a template is evidence for it (best variant first, then the sum),
    // and so are the concepts of the template (its own document).
    List<ReplyIndex.Found> found =
        index.find(
            plan.words(),
            plan.meaning(),
            WORD_HITS_PER_TEMPLATE * candidates,
            candidates * 2,
            s.templates(),
            plan.wordCount() >= ReplySchema.MESSAGE_WORDS ? ReplySchema.MESSAGE_COMMON_SHARE : 1.0);
    List<Scored> scored = new ArrayList<>(found.size());
    for (ReplyIndex.Found f : found) {
      Template template = f.template();
      if (template != null) {
        float relevance = templateScore(f.best(), f.sum(), f.concepts(), template);
        scored.add(new Scored(template, relevance * usageLift(usage.total(template.id())), f));
      }
    }
    // Equal scores (two templates that only share the query's concepts) in id order: the same
    // answer whatever order the index's threads wrote the documents in.
    scored.sort(
        Comparator.comparingDouble(Scored::score).reversed().thenComparing(c -> c.template().id()));
    // Only the replies returned are served: choosing a variant costs a locale match each.
    List<Reply> replies = new ArrayList<>(Math.min(limit, scored.size()));
    List<ReplyIndex.Found> served = new ArrayList<>(Math.min(limit, scored.size()));
    for (int i = 0; i < scored.size() && i < limit; i++) {
      replies.add(serve(s, scored.get(i).template(), preferences, scored.get(i).score()));
      served.add(scored.get(i).found());
    }
    double domainShare = vocabulary.share(text, word -> nearDomainWord(word, corrected));
    List<String> contentWords = new ArrayList<>(vocabulary.contentWords(text));
    contentWords.removeAll(corrected.typos());
    contentWords.addAll(corrected.corrections());
    double[] coverage = coverage(served, contentWords, plan.concepts());
    List<Reply> judged = new ArrayList<>(Math.min(limit, replies.size()));
    for (int i = 0; i < replies.size(); i++) {
      Reply r = replies.get(i);
      float bestOther =
          i == 0 ? (scored.size() > 1 ? scored.get(1).score() : 0) : scored.get(0).score();
      judged.add(
          r.judged(
              new Confidence.Features(
                  r.score() / s.scoreScale(),
                  bestOther / s.scoreScale(),
                  plan.wordCount(),
                  plan.concepts().size(),
                  domainShare,
                  coverage[i])));
    }
    return judged;
  }

  /** A candidate template and its score, before it is served. */
  private record Scored(Template template, float score, ReplyIndex.Found found) {}

  /** The best variants for {@code text} with their scores split by field, for tuning. */
  public List<String> explain(String text, int limit) throws IOException {
    LanguageDetector detector = state.detector();
    Map<String, Double> plausibility = detector.plausibility(text);
    ReplySchema.Plan plan = schema.plan(text, null, plausibility, detector.unknownShare(text));
    List<String> lines = new ArrayList<>();
    lines.add("concepts by language: " + schema.conceptsByFamily(text));
    lines.add(
        "plausible languages: "
            + plausibility.entrySet().stream()
                .filter(e -> e.getValue() >= 0.3)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> e.getKey() + String.format(java.util.Locale.ROOT, "=%.2f", e.getValue()))
                .toList());
    if (plan != null) {
      lines.add(reads(index.postings(plan.both())));
      if (plan.words() != null) {
        lines.add("variants by words:");
        lines.addAll(index.explain(plan.words(), limit));
      }
      if (plan.meaning() != null) {
        lines.add("templates by concepts:");
        lines.addAll(index.explain(plan.meaning(), limit));
      }
    }
    return lines;
  }

  /** "reads: 20 terms, 760,044 postings (concept 12 terms / 748,007, tags 2 / 6,363, ...)". */
  static String reads(java.util.SortedMap<String, long[]> byKind) {
    long terms = byKind.values().stream().mapToLong(c -> c[0]).sum();
    long postings = byKind.values().stream().mapToLong(c -> c[1]).sum();
    StringBuilder line =
        new StringBuilder(
            String.format(
                java.util.Locale.ROOT, "reads: %,d terms, %,d postings (", terms, postings));
    List<Map.Entry<String, long[]>> kinds = new ArrayList<>(byKind.entrySet());
    kinds.sort(
        Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed());
    for (int i = 0; i < kinds.size(); i++) {
      Map.Entry<String, long[]> e = kinds.get(i);
      line.append(i == 0 ? "" : ", ")
          .append(
              String.format(
                  java.util.Locale.ROOT,
                  i == 0 ? "%s %,d terms / %,d" : "%s %,d / %,d",
                  e.getKey(),
                  e.getValue()[0],
                  e.getValue()[1]));
    }
    return line.append(')').toString();
  }

  /**
   * Weight of the best-matching variant in a template's words score; the rest is the mean score of
   * all its variants. A reply whose words match in many languages beats one that matches only
   * through common words of the agent's language. The concepts the template's variants mention (its
   * own document) add their score to both, as they did when every variant carried them.
   */
  static final float BEST_VARIANT_WEIGHT = 0.7f;

  static float templateScore(float best, float sum, float concepts, Template template) {
    float mean = sum / template.variants().size();
    return BEST_VARIANT_WEIGHT * best + (1 - BEST_VARIANT_WEIGHT) * mean + concepts;
  }

  /**
   * The factor a template's relevance is multiplied by for being used: 1 for a template never sent,
   * rising with the logarithm of its uses to {@code 1 + USAGE_LIFT} at {@code USAGE_SATURATION}
   * uses. Moderate on purpose: it reorders templates whose relevance is within a few percent, and
   * never lifts one above a clearly better match.
   */
  static float usageLift(long uses) {
    double share = Math.min(1.0, Math.log1p(uses) / Math.log1p(USAGE_SATURATION));
    return (float) (1.0 + USAGE_LIFT * share);
  }

  /** Longest prefix completed, in characters. */
  public static final int MAX_PREFIX_LENGTH = 100;

  /** A completion of what an agent is typing, and the template it leads to for this buyer. */
  public record Suggestion(String text, String kind, String id, String locale, Reply reply) {}

  /**
   * Up to {@code limit} (at most 10) completions of {@code prefix}: titles, tags and shortcuts of
   * any language, each with its template served for {@code preferences}.
   *
   * @throws IllegalArgumentException for an empty or over-long prefix or a limit out of range
   */
  public List<Suggestion> suggest(String prefix, LocalePreferences preferences, int limit)
      throws IOException {
    if (prefix == null || prefix.isBlank()) {
      throw new IllegalArgumentException("the prefix is empty");
    }
    if (prefix.length() > MAX_PREFIX_LENGTH) {
      throw new IllegalArgumentException(
          "the prefix is " + prefix.length() + " characters long; at most " + MAX_PREFIX_LENGTH);
    }
    if (limit < 1 || limit > Completions.MAX) {
      throw new IllegalArgumentException("limit must be between 1 and " + Completions.MAX);
    }
    catalog(); // completions are opened once the catalog is read whole
    State s = state;
    List<Suggestion> suggestions = new ArrayList<>();
    for (Completions.Completion c : completions.get().complete(prefix, limit)) {
      Template template = s.catalog().template(TemplateId.parse(c.id())).orElse(null);
      if (template != null) {
        suggestions.add(
            new Suggestion(
                c.text(),
                c.kind().name().toLowerCase(java.util.Locale.ROOT),
                c.id(),
                c.locale(),
                serve(s, template, preferences, Float.NaN)));
      }
    }
    return suggestions;
  }

  /** A query with its misspelled words' corrections appended. */
  private record Corrected(String text, List<String> typos, List<String> corrections) {}

  private Corrected correct(String text, Vocabulary vocabulary) {
    List<String> typos = new ArrayList<>();
    List<String> corrections = new ArrayList<>();
    for (String word : vocabulary.contentWords(text)) {
      if (word.length() >= ReplySchema.FUZZY_MIN_LENGTH
          && ReplySchema.isAlphabetic(word)
          && !vocabulary.knows(word)) {
        try {
          index
              .closestWord(word)
              .ifPresent(
                  c -> {
                    typos.add(word);
                    corrections.add(c);
                  });
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return corrections.isEmpty()
        ? new Corrected(text, List.of(), List.of())
        : new Corrected(text + " " + String.join(" ", corrections), typos, corrections);
  }

  /** For each reply's template, the share of the query's content words and concepts it contains. */
  private double[] coverage(
      List<ReplyIndex.Found> replies, List<String> words, Set<String> concepts) {
    double[] shares = new double[replies.size()];
    int total = words.size() + concepts.size();
    if (total == 0) {
      return shares;
    }
    try {
      int[] covered = index.covered(replies, words, concepts);
      for (int i = 0; i < shares.length; i++) {
        shares[i] = (double) covered[i] / total;
      }
      return shares;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Whether an unknown word of the query is nearly a domain word: the pinyin of a Chinese title, or
   * a typo of a catalog word. The typo lookups of {@link #correct} already answered for the words
   * they examined; only the others need one.
   */
  private boolean nearDomainWord(String word, Corrected corrected) {
    if (word.length() < 2) {
      return false;
    }
    if (corrected.typos().contains(word)) {
      return true;
    }
    try {
      if (index.hasTerm(ReplySchema.PINYIN, word)) {
        return true;
      }
      boolean examined =
          word.length() >= ReplySchema.FUZZY_MIN_LENGTH && ReplySchema.isAlphabetic(word);
      return !examined && word.length() >= ReplySchema.FUZZY_MIN_LENGTH && index.hasNearWord(word);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The best template for {@code text}, or empty when nothing matches. */
  public Optional<Reply> best(String text, LocalePreferences preferences) throws IOException {
    return search(text, preferences, null, 1).stream().findFirst();
  }

  /** One template, in the variant that fits {@code preferences}. */
  public Optional<Reply> template(TemplateId id, LocalePreferences preferences) {
    State s = state;
    return s.templates().template(id).map(t -> serve(s, t, preferences, Float.NaN));
  }

  private Reply serve(State s, Template template, LocalePreferences preferences, float score) {
    VariantChoice choice = s.chooser().choose(template.locales(), preferences);
    Variant variant = template.variant(choice.variant().toLanguageTag()).orElseThrow();
    if (choice.isConverted()) {
      String script = choice.served().getScript();
      variant =
          s.converted()
              .computeIfAbsent(
                  template.id() + "@" + choice.served().toLanguageTag(),
                  key ->
                      template
                          .variant(choice.variant().toLanguageTag())
                          .orElseThrow()
                          .convertedTo(
                              choice.served(), text -> ScriptConverter.toScript(text, script)));
    }
    return new Reply(
        template, variant, choice, score, usage.total(template.id()), Double.NaN, null);
  }

  @Override
  public void close() throws IOException {
    try {
      boolean unsaved;
      synchronized (this) {
        unsaved = pendingSnapshot != null && !pendingSnapshot.isDone();
      }
      background.shutdownNow();
      whole.completeExceptionally(new IllegalStateException("the search is closed"));
      EarlyCompletions begun;
      synchronized (this) {
        begun = early;
        early = null;
      }
      if (begun != null) {
        begun.await().close(); // never served: nothing writes into the folder once closed
      }
      if (unsaved) {
        writeSnapshot(); // so that the next start begins from this catalog
      }
      if (completions.get() != null) {
        completions.get().close();
      }
      index.close();
      if (store != null) {
        store.close();
      }
    } finally {
      analyzers.close();
    }
  }
}
