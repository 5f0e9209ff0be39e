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
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
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
    MessageDigest fingerprint = sha256();
    List<Problem> problems = new ArrayList<>();
    CatalogSettings settings = readSettings(root, fingerprint, problems);

    List<FileTask> tasks = new ArrayList<>();
    for (Path entry : sortedChildren(root)) {
      String name = entry.getFileName().toString();
      if (name.startsWith(".")) {
        continue; // .git, .gitkeep, editor folders
      }
      if (Files.isDirectory(entry)) {
        collectLocaleFolder(root, entry, tasks);
      } else if (name.endsWith(TEMPLATE_SUFFIX)) {
        problems.add(
            new Problem(
                relative(root, entry),
                0,
                "template files belong at <locale>/<category>/<name>.md, not in the catalog root"));
      }
    }
    // Reading and parsing is most of a cold start: spread it over the cores, then fold the
    // results in path order so that problems and the fingerprint do not depend on timing.
    List<FileResult> results = tasks.parallelStream().map(this::read).toList();
    List<VariantFileParser.Parsed> parsed = new ArrayList<>();
    for (FileResult result : results) {
      if (result.failure() != null) {
        throw result.failure();
      }
      digest(fingerprint, result.task().relative(), result.bytes());
      problems.addAll(result.problems());
      if (result.parsed() != null) {
        parsed.add(result.parsed());
      }
    }
    SortedMap<TemplateId, Template> templates = assemble(settings, parsed, problems);
    problems.sort(java.util.Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
    return new Catalog(
        settings, templates, problems, HexFormat.of().formatHex(fingerprint.digest()));
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
   * A file found under a locale folder, with what its place says about it: its locale and id, or
   * why its place is wrong ({@code misplaced}).
   */
  private record FileTask(
      Path path, String relative, ULocale locale, TemplateId id, String misplaced) {}

  private record FileResult(
      FileTask task,
      byte[] bytes,
      List<Problem> problems,
      VariantFileParser.Parsed parsed,
      IOException failure) {}

  private void collectLocaleFolder(Path root, Path folder, List<FileTask> tasks)
      throws IOException {
    String tag = folder.getFileName().toString();
    ULocale locale = null;
    String badLocale = null;
    try {
      locale = LocaleTags.parse(tag);
      if (!locale.toLanguageTag().equals(tag)) {
        badLocale =
            "bad locale folder: '"
                + tag
                + "' is not in canonical form; rename the folder to '"
                + locale.toLanguageTag()
                + "'";
      }
    } catch (IllegalArgumentException e) {
      badLocale = "bad locale folder: " + e.getMessage();
    }
    if (badLocale != null) {
      for (Path file : templateFiles(folder)) {
        tasks.add(new FileTask(file, relative(root, file), null, null, badLocale));
      }
      return;
    }
    for (Path entry : sortedChildren(folder)) {
      String name = entry.getFileName().toString();
      if (name.startsWith(".")) {
        continue;
      }
      if (!Files.isDirectory(entry)) {
        if (name.endsWith(TEMPLATE_SUFFIX)) {
          tasks.add(
              new FileTask(
                  entry,
                  relative(root, entry),
                  null,
                  null,
                  "template files belong in a category folder: <locale>/<category>/<name>.md"));
        }
        continue;
      }
      boolean categoryOk = TemplateId.isValidSegment(name);
      for (Path file : templateFiles(entry)) {
        String rel = relative(root, file);
        String base = file.getFileName().toString();
        String templateName = base.substring(0, base.length() - TEMPLATE_SUFFIX.length());
        String misplaced = null;
        TemplateId id = null;
        if (!categoryOk) {
          misplaced = "bad id: category '" + name + "' may only use a-z, 0-9 and inner '-'";
        } else if (!file.getParent().equals(entry)) {
          misplaced = "too deep: template files live at <locale>/<category>/<name>.md";
        } else if (!TemplateId.isValidSegment(templateName)) {
          misplaced = "bad id: name '" + templateName + "' may only use a-z, 0-9 and inner '-'";
        } else {
          id = new TemplateId(name, templateName);
        }
        tasks.add(new FileTask(file, rel, locale, id, misplaced));
      }
    }
  }

  private FileResult read(FileTask task) {
    byte[] bytes;
    try {
      bytes = readLimited(task.path());
    } catch (IOException e) {
      return new FileResult(task, null, List.of(), null, e);
    }
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

  /** Settles each template's channel and shortcut from its source-locale variant. */
  private static SortedMap<TemplateId, Template> assemble(
      CatalogSettings settings, List<VariantFileParser.Parsed> parsed, List<Problem> problems) {
    Map<TemplateId, List<VariantFileParser.Parsed>> byId = new TreeMap<>();
    for (VariantFileParser.Parsed p : parsed) {
      byId.computeIfAbsent(p.variant().id(), k -> new ArrayList<>()).add(p);
    }
    String sourceTag = settings.sourceLocale().toLanguageTag();
    Map<String, TemplateId> shortcutOwners = new TreeMap<>();
    SortedMap<TemplateId, Template> templates = new TreeMap<>();
    for (Map.Entry<TemplateId, List<VariantFileParser.Parsed>> entry : byId.entrySet()) {
      List<VariantFileParser.Parsed> variants = entry.getValue();
      variants.sort(java.util.Comparator.comparing(p -> p.variant().localeTag()));
      // The source variant decides; a template without one takes the first variant that says.
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
      if (shortcut != null && shortcutOwners.containsKey(shortcut)) {
        problems.add(
            new Problem(
                fileOf(variants, decider),
                0,
                "shortcut '"
                    + shortcut
                    + "' is already used by "
                    + shortcutOwners.get(shortcut)
                    + "; ignored here"));
        shortcut = null;
      }
      if (shortcut != null) {
        shortcutOwners.put(shortcut, entry.getKey());
      }
      SortedMap<String, Variant> byLocale = new TreeMap<>();
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
        byLocale.put(p.variant().localeTag(), p.variant().inheriting(channel, shortcut));
      }
      templates.put(entry.getKey(), new Template(entry.getKey(), channel, shortcut, byLocale));
    }
    return templates;
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
    digest.update(path.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(Long.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) 0);
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
