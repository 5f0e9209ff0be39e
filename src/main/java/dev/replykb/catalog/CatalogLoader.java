package dev.replykb.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.ibm.icu.util.ULocale;
import dev.replykb.locale.LocaleTags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads a catalog folder: {@code catalog.yaml} and {@code <locale>/<category>/<name>.md} files.
 *
 * <p>A bad file never stops the load: it is left out and reported as a {@link Problem} with its
 * path, line and reason. Only a missing or unreadable catalog folder is an error.
 *
 * <p>Instances are stateless and safe to share between threads.
 */
public final class CatalogLoader {
  public static final String SETTINGS_FILE = "catalog.yaml";
  static final String TEMPLATE_SUFFIX = ".md";

  /** Template files are a few kilobytes; anything this big is a mistake, not a reply. */
  static final long MAX_FILE_BYTES = 256 * 1024;

  private final VariantFileParser parser = new VariantFileParser();
  private final YAMLMapper yaml = new YAMLMapper();

  /** Where the texts of the variants read go, or null to keep them on the heap. */
  private final TextStore store;

  /** A loader that keeps the texts it reads on the heap: for catalogs of a few thousand files. */
  public CatalogLoader() {
    this(null);
  }

  /**
   * A loader that writes the texts it reads to {@code store} and keeps only what searching needs on
   * the heap: for catalogs of hundreds of thousands of files.
   */
  public CatalogLoader(TextStore store) {
    this.store = store;
  }

  /**
   * Reads every file of the catalog folder {@code root}.
   *
   * @throws IOException when {@code root} is not a readable folder
   */
  public Catalog load(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("catalog folder '" + root + "' does not exist or is not a folder");
    }
    List<Problem> settingsProblems = new ArrayList<>();
    MessageDigest settingsDigest = sha256();
    CatalogSettings settings = readSettings(root, settingsDigest, settingsProblems);

    // Files are read a batch at a time, each read, hashed, parsed and its texts stored in one
    // go, and folded in as they come: only what the catalog keeps stays in memory (the bytes, the
    // parsed texts or even the paths of a million files would not fit).
    Gathered gathered = new Gathered();
    Interner interner = new Interner();
    try (java.util.concurrent.ForkJoinPool readers =
        new java.util.concurrent.ForkJoinPool(READERS)) {
      gather(root, interner, gathered, readers);
    }
    return build(
        root,
        settings,
        settingsProblems,
        HexFormat.of().formatHex(settingsDigest.digest()),
        gathered);
  }

  /**
   * Threads that read the files of a full load. More than the cores: a file not in the page cache
   * is a wait for the disk, and waits overlap. Measured on the project's 2-core VM, 94,816 files
   * with the page cache dropped: 5.2 s read by 2 threads, 1.7 s by 16, 1.3 s by 64; from the page
   * cache the number of threads changes nothing.
   */
  static final int READERS = 16;

  /**
   * The most template files a catalog may have: four times the largest catalog measured (a million
   * variants in 700 MB). A folder with more is not a catalog (a home folder given by mistake, a
   * runaway generator): refused before it fills the heap.
   */
  static final int MAX_FILES = 4_000_000;

  private int maxFiles = MAX_FILES;

  /** This loader with another file limit than {@link #MAX_FILES}, to test the limit. */
  CatalogLoader withMaxFiles(int limit) {
    this.maxFiles = limit;
    return this;
  }

  private void gather(
      Path root, Interner interner, Gathered gathered, java.util.concurrent.ForkJoinPool readers)
      throws IOException {
    List<Found> batch = new ArrayList<>(BATCH);
    long[] seen = {0};
    for (Path entry : sortedChildren(root)) {
      String name = entry.getFileName().toString();
      if (name.startsWith(".")) {
        continue; // .git, .gitkeep, editor folders
      }
      if (Files.isDirectory(entry)) {
        // The attributes the walk reads anyway give each file's size and time: a million files
        // are not asked for them again, each a call into the kernel.
        Files.walkFileTree(
            entry,
            new java.nio.file.SimpleFileVisitor<>() {
              @Override
              public java.nio.file.FileVisitResult preVisitDirectory(
                  Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                return !dir.equals(entry) && dir.getFileName().toString().startsWith(".")
                    ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                    : java.nio.file.FileVisitResult.CONTINUE;
              }

              @Override
              public java.nio.file.FileVisitResult visitFile(
                  Path file, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(TEMPLATE_SUFFIX) && !fileName.startsWith(".")) {
                  if (attrs.isSymbolicLink()) { // a link to a template file counts as the file
                    attrs = linkTarget(file);
                  }
                  if (attrs != null && attrs.isRegularFile()) {
                    countFile(root, seen, maxFiles);
                    batch.add(Found.of(file, attrs));
                    if (batch.size() == BATCH) {
                      readBatch(root, batch, interner, gathered, readers);
                    }
                  }
                }
                return java.nio.file.FileVisitResult.CONTINUE;
              }
            });
      } else if (name.endsWith(TEMPLATE_SUFFIX)) {
        countFile(root, seen, maxFiles);
        batch.add(Found.of(entry, null));
      }
    }
    readBatch(root, batch, interner, gathered, readers);
  }

  /** What a link leads to, or null when it leads nowhere. */
  private static java.nio.file.attribute.BasicFileAttributes linkTarget(Path link) {
    try {
      return Files.readAttributes(link, java.nio.file.attribute.BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A template file the walk found, with its size and modification time as it read them (-1 when
   * they are still to be read).
   */
  private record Found(Path file, long size, long modified) {
    static Found of(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
      return attrs == null
          ? new Found(file, -1, -1)
          : new Found(file, attrs.size(), attrs.lastModifiedTime().toMillis());
    }
  }

  private static void countFile(Path root, long[] seen, int maxFiles) throws IOException {
    if (++seen[0] > maxFiles) {
      throw new IOException(
          "the catalog folder '"
              + root
              + "' has more than "
              + maxFiles
              + " template files (limit max_files): is it the right folder?");
    }
  }

  /** Files read in parallel at a time during a full load. */
  static final int BATCH = 4096;

  private void readBatch(
      Path root,
      List<Found> batch,
      Interner interner,
      Gathered gathered,
      java.util.concurrent.ForkJoinPool readers)
      throws IOException {
    // The bytes by the readers (a parallel stream runs in the pool it is started from), the
    // checking and parsing on the cores, as many threads as they have.
    List<RawFile> raw =
        readers.invoke(
            java.util.concurrent.ForkJoinTask.adapt(
                () ->
                    batch.parallelStream().map(found -> rawFile(root, found, interner)).toList()));
    List<Object> states =
        raw.parallelStream()
            .map(
                file -> {
                  if (file.failure() != null) {
                    return file.failure();
                  }
                  FileState state = read(file.task(), file.bytes(), file.modified()).state(null);
                  return state.variant() == null
                      ? state
                      : new FileState(
                          state.stamp(),
                          state.id(),
                          stored(state.variant().shared(interner)),
                          state.problems(),
                          (Variant) null);
                })
            .toList();
    for (int i = 0; i < batch.size(); i++) {
      if (states.get(i) instanceof IOException failure) {
        throw failure;
      }
      gathered.add(relative(root, batch.get(i).file()), (FileState) states.get(i));
    }
    batch.clear();
  }

  /**
   * Every file of a catalog as a full load or a snapshot gives them: good files only as their
   * variants, by template; files with problems by path.
   */
  static final class Gathered {
    final Map<TemplateId, List<Variant>> variants = new HashMap<>();
    final SortedMap<String, FileState> troubled = new TreeMap<>();
    final SortedSet<String> localeFolders = new TreeSet<>();
    private String lastFolder; // files come folder by folder: most need no set lookup
    long sumHigh;
    long sumLow;

    void add(String relative, FileState state) {
      if (!state.problems().isEmpty()) {
        troubled.put(relative, state);
      }
      addIn(relative.substring(0, Math.max(0, relative.indexOf('/'))), state);
    }

    /**
     * A file of {@code localeFolder}, whose path matters only when it has problems ({@link #add}
     * keeps those): a snapshot of a million good files need not make a million path strings.
     */
    void addIn(String localeFolder, FileState state) {
      sumHigh += state.stamp().hashHigh();
      sumLow += state.stamp().hashLow();
      if (!localeFolder.equals(lastFolder)) {
        localeFolders.add(localeFolder);
        lastFolder = localeFolder;
      }
      Variant served = state.served();
      if (served != null && state.id() != null) {
        variants.computeIfAbsent(served.id(), k -> new ArrayList<>(4)).add(served);
      }
    }
  }

  /** The catalog of a full load or a snapshot: every template assembled once. */
  Catalog build(
      Path root,
      CatalogSettings settings,
      List<Problem> settingsProblems,
      String settingsDigest,
      Gathered gathered) {
    SortedMap<TemplateId, Template> templates = new TreeMap<>();
    Map<TemplateId, Assembly> assemblies = new HashMap<>(gathered.variants.size() * 2);
    String sourceTag = settings.sourceLocale().toLanguageTag();
    gathered.variants.forEach(
        (id, variants) -> {
          Assembly assembly = assemble(sourceTag, variants);
          assemblies.put(id, assembly);
          templates.put(id, assembly.template(null));
        });
    return finish(
        root,
        settings,
        settingsProblems,
        settingsDigest,
        templates,
        assemblies,
        gathered.troubled,
        gathered.localeFolders,
        gathered.sumHigh,
        gathered.sumLow);
  }

  /**
   * The catalog that {@code states} (every file, by path) make, as a snapshot keeps them: nothing
   * is read from disk.
   */
  static Catalog assembled(
      Path root,
      CatalogSettings settings,
      List<Problem> settingsProblems,
      String settingsDigest,
      Gathered gathered,
      TextStore store) {
    return new CatalogLoader(store)
        .build(root, settings, settingsProblems, settingsDigest, gathered);
  }

  /** The digest of {@code catalog.yaml} as a load computes it (of nothing when there is none). */
  static String settingsDigestOf(Path root) throws IOException {
    Path file = root.resolve(SETTINGS_FILE);
    MessageDigest digest = sha256();
    if (Files.isRegularFile(file)) {
      digest.update(readLimited(file));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** What the files read say, by path: a good variant, or a file with problems. */
  private static final class Changes {
    final SortedMap<String, FileState> states = new TreeMap<>();
    final Set<String> removed = new TreeSet<>();

    void put(String relative, FileState state) {
      states.put(relative, state);
    }

    Set<String> paths() {
      Set<String> paths = new TreeSet<>(states.keySet());
      paths.addAll(removed);
      return paths;
    }
  }

  /**
   * The catalog after the files {@code changed} (paths relative to the catalog folder) were
   * written, created or deleted, reading only those files. A file that is now broken is reported,
   * and its last good version keeps being served. A change of {@code catalog.yaml} reads everything
   * again.
   */
  public Catalog reload(Catalog previous, Collection<String> changed) throws IOException {
    if (changed.contains(SETTINGS_FILE)) {
      return load(previous.root());
    }
    Changes changes = new Changes();
    for (String relative : new TreeSet<>(changed)) {
      Path file = previous.root().resolve(relative);
      if (!relative.endsWith(TEMPLATE_SUFFIX) || isHidden(relative)) {
        continue;
      }
      if (!Files.isRegularFile(file)) {
        changes.removed.add(relative);
        continue;
      }
      FileResult result = read(taskFor(previous.root(), file));
      if (result.failure() != null) {
        throw result.failure();
      }
      changes.put(relative, result.state(previous.served(relative)));
    }
    return rebuild(previous, changes);
  }

  /**
   * The catalog as it would be with {@code bytes} as the file {@code relative} (or without that
   * file, for null bytes), without touching the disk: for checking an edit before writing it.
   */
  public Catalog preview(Catalog previous, String relative, byte[] bytes) {
    Changes changes = new Changes();
    if (bytes == null) {
      changes.removed.add(relative);
    } else {
      FileTask task = taskFor(previous.root(), previous.root().resolve(relative));
      changes.put(relative, read(task, bytes).state(null));
    }
    return rebuild(previous, changes);
  }

  private Catalog rebuild(Catalog previous, Changes changes) {
    return build(
        previous,
        previous.root(),
        previous.settings(),
        previous.settingsProblems(),
        previous.settingsDigest(),
        changes);
  }

  private static boolean isHidden(String relative) {
    for (String segment : relative.split("/")) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The catalog: {@code previous} (or nothing) with the files of {@code changes} taken in. Only the
   * templates of changed files are assembled again, and the fingerprint is updated by their hashes
   * alone: a one-file change costs the same in a catalog of ten templates or of a hundred thousand.
   * Good files are kept as their variants (texts in the store, when there is one); only files with
   * problems are kept as files.
   */
  private Catalog build(
      Catalog previous,
      Path root,
      CatalogSettings settings,
      List<Problem> settingsProblems,
      String settingsDigest,
      Changes changes) {
    SortedMap<TemplateId, Template> templates =
        previous == null ? new TreeMap<>() : new TreeMap<>(previous.templatesById());
    Map<TemplateId, Assembly> assemblies =
        previous == null ? new HashMap<>() : new HashMap<>(previous.assemblies());
    SortedMap<String, FileState> troubled =
        previous == null ? new TreeMap<>() : new TreeMap<>(previous.troubled());
    long[] sum =
        previous == null ? new long[2] : new long[] {previous.sumHigh(), previous.sumLow()};
    SortedSet<String> localeFolders =
        previous == null ? new TreeSet<>() : new TreeSet<>(previous.localeFolders());
    // The served variant of each changed path (null: none any more), by template.
    Map<TemplateId, Map<String, Variant>> served = new TreeMap<>();
    for (String relative : changes.paths()) {
      FileState before = previous == null ? null : previous.stateOf(relative);
      FileState after = changes.states.get(relative);
      if (before != null) {
        sum[0] -= before.stamp().hashHigh();
        sum[1] -= before.stamp().hashLow();
      }
      troubled.remove(relative);
      TemplateId id = after != null ? after.id() : before != null ? before.id() : null;
      if (after != null) {
        sum[0] += after.stamp().hashHigh();
        sum[1] += after.stamp().hashLow();
        localeFolders.add(relative.substring(0, Math.max(0, relative.indexOf('/'))));
        if (!after.problems().isEmpty()) {
          troubled.put(relative, after);
        }
      }
      if (id != null) {
        String locale = relative.substring(0, relative.indexOf('/'));
        served
            .computeIfAbsent(id, k -> new TreeMap<>())
            .put(locale, after == null ? null : stored(after.served()));
      }
    }
    String sourceTag = settings.sourceLocale().toLanguageTag();
    for (Map.Entry<TemplateId, Map<String, Variant>> e : served.entrySet()) {
      TemplateId id = e.getKey();
      SortedMap<String, Variant> byLocale = new TreeMap<>();
      Assembly old = assemblies.get(id);
      if (old != null) {
        old.variants().forEach(v -> byLocale.put(v.localeTag(), v));
      }
      e.getValue()
          .forEach(
              (locale, variant) -> {
                if (variant == null) {
                  byLocale.remove(locale);
                } else {
                  byLocale.put(locale, variant);
                }
              });
      if (byLocale.isEmpty()) {
        assemblies.remove(id);
        templates.remove(id);
      } else {
        Assembly assembly = assemble(sourceTag, new ArrayList<>(byLocale.values()));
        assemblies.put(id, assembly);
        templates.put(id, assembly.template(null));
      }
    }
    return finish(
        root,
        settings,
        settingsProblems,
        settingsDigest,
        templates,
        assemblies,
        troubled,
        localeFolders,
        sum[0],
        sum[1]);
  }

  /** Settles shortcuts among the templates, gathers the problems, and makes the catalog. */
  private Catalog finish(
      Path root,
      CatalogSettings settings,
      List<Problem> settingsProblems,
      String settingsDigest,
      SortedMap<TemplateId, Template> templates,
      Map<TemplateId, Assembly> assemblies,
      SortedMap<String, FileState> troubled,
      SortedSet<String> localeFolders,
      long sumHigh,
      long sumLow) {
    // A shortcut belongs to the first template (in id order) whose source variant asks for it.
    Map<String, TemplateId> owners = new TreeMap<>();
    List<Problem> shortcutProblems = new ArrayList<>();
    SortedMap<TemplateId, Assembly> wanting = new TreeMap<>();
    assemblies.forEach(
        (id, a) -> {
          if (a.shortcut() != null) {
            wanting.put(id, a);
          }
        });
    for (Map.Entry<TemplateId, Assembly> e : wanting.entrySet()) {
      String wanted = e.getValue().shortcut();
      TemplateId owner = owners.putIfAbsent(wanted, e.getKey());
      String effective = owner == null ? wanted : null;
      if (owner != null) {
        shortcutProblems.add(
            new Problem(
                e.getValue().deciderFile(),
                0,
                "shortcut '" + wanted + "' is already used by " + owner + "; ignored here"));
      }
      if (!java.util.Objects.equals(templates.get(e.getKey()).shortcut(), effective)) {
        templates.put(e.getKey(), e.getValue().template(effective));
      }
    }
    List<Problem> problems = new ArrayList<>(settingsProblems);
    troubled.values().forEach(t -> problems.addAll(t.problems()));
    assemblies.values().forEach(a -> problems.addAll(a.problems()));
    problems.addAll(shortcutProblems);
    problems.sort(java.util.Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
    return new Catalog(
        root,
        settings,
        settingsProblems,
        settingsDigest,
        templates,
        assemblies,
        troubled,
        localeFolders,
        problems,
        sumHigh,
        sumLow,
        store);
  }

  /** The variant with its texts in this loader's store, when it has one. */
  private Variant stored(Variant variant) {
    if (variant == null || store == null) {
      return variant;
    }
    try {
      return variant.storedIn(store);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private CatalogSettings readSettings(Path root, MessageDigest fingerprint, List<Problem> problems)
      throws IOException {
    Path file = root.resolve(SETTINGS_FILE);
    if (!Files.isRegularFile(file)) {
      problems.add(
          new Problem(SETTINGS_FILE, 0, "missing; using source-locale en and fallback-locale en"));
      return CatalogSettings.DEFAULTS;
    }
    byte[] bytes = readLimited(file);
    digest(fingerprint, SETTINGS_FILE, bytes);
    JsonNode node;
    try {
      node = bytes.length == 0 ? null : yaml.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      problems.add(
          new Problem(
              SETTINGS_FILE,
              line,
              "broken YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")));
      return CatalogSettings.DEFAULTS;
    }
    if (node == null || node.isNull() || node.isMissingNode()) {
      return CatalogSettings.DEFAULTS;
    }
    if (!(node instanceof ObjectNode object)) {
      problems.add(new Problem(SETTINGS_FILE, 1, "must be 'key: value' lines"));
      return CatalogSettings.DEFAULTS;
    }
    ULocale source = settingLocale(object, "source-locale", ULocale.ENGLISH, problems);
    ULocale fallback = settingLocale(object, "fallback-locale", source, problems);
    boolean conversion = true;
    JsonNode conv = object.get("script-conversion");
    if (conv != null) {
      if (conv.isBoolean()) {
        conversion = conv.booleanValue();
      } else {
        problems.add(
            new Problem(
                SETTINGS_FILE,
                0,
                "script-conversion must be true or false, not '" + conv.asText() + "'"));
      }
    }
    for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!List.of("source-locale", "fallback-locale", "script-conversion").contains(key)) {
        problems.add(
            new Problem(
                SETTINGS_FILE,
                0,
                "unknown key '"
                    + key
                    + "'; known keys: source-locale, fallback-locale, script-conversion"));
      }
    }
    return new CatalogSettings(source, fallback, conversion);
  }

  private static ULocale settingLocale(
      ObjectNode settings, String key, ULocale otherwise, List<Problem> problems) {
    JsonNode value = settings.get(key);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    try {
      ULocale locale = LocaleTags.parse(value.asText());
      if (!locale.toLanguageTag().equals(value.asText())) {
        problems.add(
            new Problem(
                SETTINGS_FILE,
                0,
                key
                    + " '"
                    + value.asText()
                    + "' should be written '"
                    + locale.toLanguageTag()
                    + "'"));
      }
      return locale;
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(SETTINGS_FILE, 0, key + ": " + e.getMessage()));
      return otherwise;
    }
  }

  /**
   * A template file, with what its place says about it: its locale and id, or why its place is
   * wrong ({@code misplaced}).
   */
  private record FileTask(
      Path path, String relative, ULocale locale, TemplateId id, String misplaced) {}

  private record FileResult(
      FileTask task,
      byte[] bytes,
      long modified,
      List<Problem> problems,
      Variant parsed,
      IOException failure) {

    /** The file's state, keeping the last good version of a file that broke ({@code previous}). */
    FileState state(Variant previous) {
      // The path counts too: the same bytes moved to another file are another catalog.
      MessageDigest d = sha256();
      d.update(task.relative().getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      java.nio.ByteBuffer hash = java.nio.ByteBuffer.wrap(d.digest(bytes));
      Variant.FileStamp stamp =
          new Variant.FileStamp(hash.getLong(), hash.getLong(), bytes.length, modified);
      Variant good = parsed == null ? null : parsed.stamped(stamp);
      return new FileState(
          stamp, task.id(), good, List.copyOf(problems), good == null ? previous : null);
    }
  }

  /**
   * What the catalog knows of one template file: its stamp, the template it belongs to (null when
   * misplaced), its variant when it is good, its problems, and the last good version of a file that
   * broke (served until it is fixed).
   */
  record FileState(
      Variant.FileStamp stamp,
      TemplateId id,
      Variant variant,
      List<Problem> problems,
      Variant lastGood) {

    /** What is served from this file: its current version, or the last good one while broken. */
    Variant served() {
      return variant != null ? variant : lastGood;
    }
  }

  /** Classifies a {@code .md} file by its place under the catalog folder. */
  private static FileTask taskFor(Path root, Path file) {
    return taskFor(root, file, new Interner());
  }

  /** As {@link #taskFor(Path, Path)}, the id and locale shared through {@code interner}. */
  private static FileTask taskFor(Path root, Path file, Interner interner) {
    FileTask task = classify(root, file, interner);
    return new FileTask(
        task.path(), task.relative(), task.locale(), interner.id(task.id()), task.misplaced());
  }

  /** What a locale folder's name says: its locale, or why it names none. */
  record LocaleFolder(ULocale locale, String problem) {}

  /** Parses a locale folder's name: each folder once per load, not once per file in it. */
  static LocaleFolder localeFolder(String tag) {
    try {
      ULocale locale = LocaleTags.parse(tag);
      if (!locale.toLanguageTag().equals(tag)) {
        return new LocaleFolder(
            null,
            "bad locale folder: '"
                + tag
                + "' is not in canonical form; rename the folder to '"
                + locale.toLanguageTag()
                + "'");
      }
      return new LocaleFolder(locale, null);
    } catch (IllegalArgumentException e) {
      return new LocaleFolder(null, "bad locale folder: " + e.getMessage());
    }
  }

  private static FileTask classify(Path root, Path file, Interner interner) {
    String rel = relative(root, file);
    String[] segments = rel.split("/");
    if (segments.length == 1) {
      return new FileTask(
          file,
          rel,
          null,
          null,
          "template files belong at <locale>/<category>/<name>.md, not in the catalog root");
    }
    LocaleFolder folder = interner.localeFolder(segments[0]);
    if (folder.locale() == null) {
      return new FileTask(file, rel, null, null, folder.problem());
    }
    ULocale locale = folder.locale();
    if (segments.length == 2) {
      return new FileTask(
          file,
          rel,
          locale,
          null,
          "template files belong in a category folder: <locale>/<category>/<name>.md");
    }
    String category = segments[1];
    if (!TemplateId.isValidSegment(category)) {
      return new FileTask(
          file,
          rel,
          locale,
          null,
          "bad id: category '" + category + "' may only use a-z, 0-9 and inner '-'");
    }
    if (segments.length > 3) {
      return new FileTask(
          file,
          rel,
          locale,
          null,
          "too deep: template files live at <locale>/<category>/<name>.md");
    }
    String name = segments[2].substring(0, segments[2].length() - TEMPLATE_SUFFIX.length());
    if (!TemplateId.isValidSegment(name)) {
      return new FileTask(
          file,
          rel,
          locale,
          null,
          "bad id: name '" + name + "' may only use a-z, 0-9 and inner '-'");
    }
    return new FileTask(file, rel, locale, new TemplateId(category, name), null);
  }

  /** A file's bytes and time, or why they could not be read. */
  private record RawFile(FileTask task, byte[] bytes, long modified, IOException failure) {}

  private static RawFile rawFile(Path root, Found found, Interner interner) {
    Path file = found.file();
    FileTask task = taskFor(root, file, interner);
    try {
      if (found.size() < 0) {
        long modified = Files.getLastModifiedTime(file).toMillis();
        return new RawFile(task, readLimited(file), modified, null);
      }
      return new RawFile(task, readLimited(file, found.size()), found.modified(), null);
    } catch (IOException e) {
      return new RawFile(task, null, 0, e);
    }
  }

  private FileResult read(FileTask task) {
    byte[] bytes;
    long modified;
    try {
      modified = Files.getLastModifiedTime(task.path()).toMillis();
      bytes = readLimited(task.path());
    } catch (IOException e) {
      return new FileResult(task, null, 0, List.of(), null, e);
    }
    return read(task, bytes, modified);
  }

  private FileResult read(FileTask task, byte[] bytes) {
    return read(task, bytes, 0);
  }

  private FileResult read(FileTask task, byte[] bytes, long modified) {
    List<Problem> problems = new ArrayList<>();
    Variant parsed = null;
    if (task.misplaced() != null) {
      problems.add(new Problem(task.relative(), 0, task.misplaced()));
    } else if (bytes.length > MAX_FILE_BYTES) {
      problems.add(
          new Problem(
              task.relative(),
              0,
              "file is larger than " + MAX_FILE_BYTES + " bytes; a reply is a few kilobytes"));
    } else {
      parsed = parser.parse(task.relative(), bytes, task.id(), task.locale(), problems);
    }
    return new FileResult(task, bytes, modified, problems, parsed, null);
  }

  /**
   * How one template's variants fit together: the channel and shortcut its source variant settles
   * (a template without one takes the first variant that says), and the variants that disagree. The
   * shortcut is the one wanted: whether the template gets it depends on the others.
   */
  record Assembly(
      TemplateId id,
      Channel channel,
      String shortcut,
      String deciderFile,
      List<Variant> variants,
      List<Problem> problems) {

    /** The template, with {@code shortcut} (the one it got, or null). */
    Template template(String shortcut) {
      // The variants are in tag order (assemble sorts them).
      List<Variant> served = new ArrayList<>(variants.size());
      for (Variant v : variants) {
        served.add(v.inheriting(channel, shortcut));
      }
      return new Template(id, channel, shortcut, served);
    }
  }

  /** The template of {@code variants} (any order) with {@code shortcut}, as a load makes it. */
  static Template assembleTemplate(String sourceTag, List<Variant> variants, String shortcut) {
    return assemble(sourceTag, variants).template(shortcut);
  }

  private static Assembly assemble(String sourceTag, List<Variant> variants) {
    variants.sort(java.util.Comparator.comparing(Variant::localeTag));
    Variant decider =
        variants.stream().filter(v -> v.localeTag().equals(sourceTag)).findFirst().orElse(null);
    Channel channel = decider != null ? decider.ownChannel() : null;
    String shortcut = decider != null ? decider.ownShortcut() : null;
    if (decider == null) {
      for (Variant p : variants) {
        channel = channel == null ? p.ownChannel() : channel;
        shortcut = shortcut == null ? p.ownShortcut() : shortcut;
      }
    }
    channel = channel == null ? Channel.ANY : channel;
    List<Problem> problems = new ArrayList<>();
    for (Variant p : variants) {
      if (p != decider && decider != null) {
        if (p.ownChannel() != null && p.ownChannel() != channel) {
          problems.add(
              new Problem(
                  p.file(),
                  0,
                  "channel '"
                      + p.ownChannel().label()
                      + "' differs from the source variant's '"
                      + channel.label()
                      + "'; translations inherit the channel, so it is ignored"));
        }
        if (p.ownShortcut() != null && !p.ownShortcut().equals(decider.ownShortcut())) {
          problems.add(
              new Problem(
                  p.file(),
                  0,
                  "shortcut '"
                      + p.ownShortcut()
                      + "' differs from the source variant's; translations inherit it, so it is ignored"));
        }
      }
    }
    // Kept as the template will serve them (each keeps what its file said as its own channel and
    // shortcut): the template then shares these objects instead of holding copies of its own.
    List<Variant> inheriting = new ArrayList<>(variants.size());
    for (Variant v : variants) {
      inheriting.add(v.inheriting(channel, shortcut));
    }
    return new Assembly(
        variants.get(0).id(),
        channel,
        shortcut,
        fileOf(variants, decider),
        List.copyOf(inheriting),
        List.copyOf(problems));
  }

  private static String fileOf(List<Variant> variants, Variant decider) {
    return (decider != null ? decider : variants.get(0)).file();
  }

  private static List<Path> sortedChildren(Path folder) throws IOException {
    try (Stream<Path> children = Files.list(folder)) {
      return children.sorted().toList();
    }
  }

  /** Every {@code .md} file under {@code folder}, at any depth, in path order. */
  private static List<Path> templateFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(TEMPLATE_SUFFIX))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }

  private static byte[] readLimited(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      // Fingerprint an oversized file by its size alone; it is reported and never parsed.
      return new byte[(int) Math.min(size, MAX_FILE_BYTES + 1)];
    }
    return Files.readAllBytes(file);
  }

  /**
   * As {@link #readLimited(Path)}, for a file whose {@code size} a walk just read: read whole in
   * one call when it still has that size (and again, whole, when it has not).
   */
  private static byte[] readLimited(Path file, long size) throws IOException {
    if (size > MAX_FILE_BYTES) {
      return readLimited(file);
    }
    byte[] bytes = new byte[(int) size];
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // until it has the size the walk read, or ends sooner
      }
      if (buffer.hasRemaining() || channel.read(java.nio.ByteBuffer.allocate(1)) >= 0) {
        return readLimited(file); // it changed since the walk: as it is now
      }
      return bytes;
    }
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }

  private static void digest(MessageDigest digest, String path, byte[] bytes) {
    digest.update(bytes);
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
