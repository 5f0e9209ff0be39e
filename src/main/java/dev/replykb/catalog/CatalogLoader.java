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

    List<FileTask> tasks = new ArrayList<>();
    for (Path entry : sortedChildren(root)) {
      String name = entry.getFileName().toString();
      if (name.startsWith(".")) {
        continue; // .git, .gitkeep, editor folders
      }
      if (Files.isDirectory(entry)) {
        for (Path file : templateFiles(entry)) {
          tasks.add(taskFor(root, file));
        }
      } else if (name.endsWith(TEMPLATE_SUFFIX)) {
        tasks.add(taskFor(root, entry));
      }
    }
    // Reading and parsing is most of a cold start: spread it over the cores, then fold the
    // results in path order so that problems and the fingerprint do not depend on timing.
    List<FileResult> results = tasks.parallelStream().map(this::read).toList();
    SortedMap<String, FileState> files = new TreeMap<>();
    for (FileResult result : results) {
      if (result.failure() != null) {
        throw result.failure();
      }
      files.put(result.task().relative(), result.state(null));
    }
    return build(
        null,
        root,
        settings,
        settingsProblems,
        HexFormat.of().formatHex(settingsDigest.digest()),
        files,
        files.keySet());
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
    SortedMap<String, FileState> files = new TreeMap<>(previous.files());
    Set<String> touched = new TreeSet<>();
    for (String relative : new TreeSet<>(changed)) {
      Path file = previous.root().resolve(relative);
      if (!relative.endsWith(TEMPLATE_SUFFIX) || isHidden(relative)) {
        continue;
      }
      touched.add(relative);
      if (!Files.isRegularFile(file)) {
        files.remove(relative);
        continue;
      }
      FileResult result = read(taskFor(previous.root(), file));
      if (result.failure() != null) {
        throw result.failure();
      }
      files.put(relative, result.state(previous.files().get(relative)));
    }
    return rebuild(previous, files, touched);
  }

  /**
   * The catalog as it would be with {@code bytes} as the file {@code relative} (or without that
   * file, for null bytes), without touching the disk: for checking an edit before writing it.
   */
  public Catalog preview(Catalog previous, String relative, byte[] bytes) {
    SortedMap<String, FileState> files = new TreeMap<>(previous.files());
    if (bytes == null) {
      files.remove(relative);
    } else {
      FileTask task = taskFor(previous.root(), previous.root().resolve(relative));
      files.put(relative, read(task, bytes).state(null));
    }
    return rebuild(previous, files, Set.of(relative));
  }

  private Catalog rebuild(
      Catalog previous, SortedMap<String, FileState> files, Set<String> touched) {
    return build(
        previous,
        previous.root(),
        previous.settings(),
        previous.settingsProblems(),
        previous.settingsDigest(),
        files,
        touched);
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
   * The catalog of {@code files}: from scratch when {@code previous} is null, else {@code previous}
   * with the files {@code touched} (paths, read, removed or unchanged) taken in. Only the templates
   * of touched files are assembled again, and the fingerprint is updated by their hashes alone: a
   * one-file change costs the same in a catalog of ten templates or of a hundred thousand.
   */
  private static Catalog build(
      Catalog previous,
      Path root,
      CatalogSettings settings,
      List<Problem> settingsProblems,
      String settingsDigest,
      SortedMap<String, FileState> files,
      Collection<String> touched) {
    SortedMap<TemplateId, Template> templates =
        previous == null ? new TreeMap<>() : new TreeMap<>(previous.templatesById());
    Map<TemplateId, Assembly> assemblies =
        previous == null ? new HashMap<>() : new HashMap<>(previous.assemblies());
    SortedMap<String, List<Problem>> fileProblems =
        previous == null ? new TreeMap<>() : new TreeMap<>(previous.fileProblems());
    long[] sum =
        previous == null ? new long[2] : new long[] {previous.sumHigh(), previous.sumLow()};
    SortedSet<String> localeFolders =
        previous == null ? new TreeSet<>() : new TreeSet<>(previous.localeFolders());
    Set<TemplateId> ids = new TreeSet<>();
    for (String relative : touched) {
      FileState before = previous == null ? null : previous.files().get(relative);
      FileState after = files.get(relative);
      if (before != null) {
        sum[0] -= before.hashHigh();
        sum[1] -= before.hashLow();
        if (before.id() != null) {
          ids.add(before.id());
        }
      }
      fileProblems.remove(relative);
      if (after != null) {
        sum[0] += after.hashHigh();
        sum[1] += after.hashLow();
        if (after.id() != null) {
          ids.add(after.id());
        }
        if (!after.problems().isEmpty()) {
          fileProblems.put(relative, after.problems());
        }
        localeFolders.add(relative.substring(0, Math.max(0, relative.indexOf('/'))));
      }
    }
    String sourceTag = settings.sourceLocale().toLanguageTag();
    for (TemplateId id : ids) {
      List<VariantFileParser.Parsed> variants = new ArrayList<>();
      for (String locale : localeFolders) {
        FileState state =
            files.get(locale + "/" + id.category() + "/" + id.name() + TEMPLATE_SUFFIX);
        if (state != null && state.served() != null) {
          variants.add(state.served());
        }
      }
      if (variants.isEmpty()) {
        assemblies.remove(id);
        templates.remove(id);
      } else {
        Assembly assembly = assemble(sourceTag, variants);
        assemblies.put(id, assembly);
        templates.put(id, assembly.template(null));
      }
    }
    // A shortcut belongs to the first template (in id order) whose source variant asks for it.
    Map<String, TemplateId> owners = new TreeMap<>();
    List<Problem> shortcutProblems = new ArrayList<>();
    for (Map.Entry<TemplateId, Assembly> e : new TreeMap<>(assemblies).entrySet()) {
      String wanted = e.getValue().shortcut();
      if (wanted == null) {
        continue;
      }
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
    fileProblems.values().forEach(problems::addAll);
    assemblies.values().forEach(a -> problems.addAll(a.problems()));
    problems.addAll(shortcutProblems);
    problems.sort(java.util.Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
    return new Catalog(
        root,
        settings,
        settingsProblems,
        settingsDigest,
        files,
        templates,
        assemblies,
        fileProblems,
        localeFolders,
        problems,
        sum[0],
        sum[1]);
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
      List<Problem> problems,
      VariantFileParser.Parsed parsed,
      IOException failure) {

    /** The file's state, keeping the last good version of a file that broke. */
    FileState state(FileState previous) {
      VariantFileParser.Parsed lastGood = null;
      if (parsed == null && previous != null) {
        lastGood = previous.served();
      }
      // The path counts too: the same bytes moved to another file are another catalog.
      MessageDigest d = sha256();
      d.update(task.relative().getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      byte[] hash = d.digest(bytes);
      java.nio.ByteBuffer words = java.nio.ByteBuffer.wrap(hash);
      return new FileState(
          words.getLong(), words.getLong(), task.id(), parsed, List.copyOf(problems), lastGood);
    }
  }

  /**
   * What the catalog knows of one template file: 128 bits of the SHA-256 of its path and bytes, the
   * template it belongs to (null when misplaced), and its parse.
   */
  record FileState(
      long hashHigh,
      long hashLow,
      TemplateId id,
      VariantFileParser.Parsed parsed,
      List<Problem> problems,
      VariantFileParser.Parsed lastGood) {

    /** What is served from this file: its current version, or the last good one while broken. */
    VariantFileParser.Parsed served() {
      return parsed != null ? parsed : lastGood;
    }
  }

  /** Classifies a {@code .md} file by its place under the catalog folder. */
  private static FileTask taskFor(Path root, Path file) {
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
    String tag = segments[0];
    ULocale locale;
    try {
      locale = LocaleTags.parse(tag);
      if (!locale.toLanguageTag().equals(tag)) {
        return new FileTask(
            file,
            rel,
            null,
            null,
            "bad locale folder: '"
                + tag
                + "' is not in canonical form; rename the folder to '"
                + locale.toLanguageTag()
                + "'");
      }
    } catch (IllegalArgumentException e) {
      return new FileTask(file, rel, null, null, "bad locale folder: " + e.getMessage());
    }
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

  private FileResult read(FileTask task) {
    byte[] bytes;
    try {
      bytes = readLimited(task.path());
    } catch (IOException e) {
      return new FileResult(task, null, List.of(), null, e);
    }
    return read(task, bytes);
  }

  private FileResult read(FileTask task, byte[] bytes) {
    List<Problem> problems = new ArrayList<>();
    VariantFileParser.Parsed parsed = null;
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
    return new FileResult(task, bytes, problems, parsed, null);
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
      List<VariantFileParser.Parsed> variants,
      List<Problem> problems) {

    /** The template, with {@code shortcut} (the one it got, or null). */
    Template template(String shortcut) {
      SortedMap<String, Variant> byLocale = new TreeMap<>();
      for (VariantFileParser.Parsed p : variants) {
        byLocale.put(p.variant().localeTag(), p.variant().inheriting(channel, shortcut));
      }
      return new Template(id, channel, shortcut, byLocale);
    }
  }

  private static Assembly assemble(String sourceTag, List<VariantFileParser.Parsed> variants) {
    variants.sort(java.util.Comparator.comparing(p -> p.variant().localeTag()));
    VariantFileParser.Parsed decider =
        variants.stream()
            .filter(p -> p.variant().localeTag().equals(sourceTag))
            .findFirst()
            .orElse(null);
    Channel channel = decider != null ? decider.ownChannel() : null;
    String shortcut = decider != null ? decider.ownShortcut() : null;
    if (decider == null) {
      for (VariantFileParser.Parsed p : variants) {
        channel = channel == null ? p.ownChannel() : channel;
        shortcut = shortcut == null ? p.ownShortcut() : shortcut;
      }
    }
    channel = channel == null ? Channel.ANY : channel;
    List<Problem> problems = new ArrayList<>();
    for (VariantFileParser.Parsed p : variants) {
      if (p != decider && decider != null) {
        if (p.ownChannel() != null && p.ownChannel() != channel) {
          problems.add(
              new Problem(
                  p.variant().file(),
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
                  p.variant().file(),
                  0,
                  "shortcut '"
                      + p.ownShortcut()
                      + "' differs from the source variant's; translations inherit it, so it is ignored"));
        }
      }
    }
    return new Assembly(
        variants.get(0).variant().id(),
        channel,
        shortcut,
        fileOf(variants, decider),
        List.copyOf(variants),
        List.copyOf(problems));
  }

  private static String fileOf(
      List<VariantFileParser.Parsed> variants, VariantFileParser.Parsed decider) {
    return (decider != null ? decider : variants.get(0)).variant().file();
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
