package dev.replykb.catalog;

import com.ibm.icu.util.ULocale;
import dev.replykb.locale.LocaleTags;
import dev.replykb.render.Placeholder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a catalog knows, written beside its index so that a restart need not read every template
 * file again: settings, and for every file its stamp and what it gave (the variant's metadata and
 * where its texts are in the {@link TextStore}, or its problems and last good variant). Reading it
 * back assembles the same catalog; {@link #changedSince} then tells which files changed on disk
 * meanwhile, by size and modification time, so that only those are read.
 *
 * <p>The file is written whole to a temporary file and renamed: a crash leaves the previous one.
 */
public final class CatalogSnapshot {
  private static final String MAGIC = "replykb-catalog-snapshot";
  private static final int VERSION = 1;

  private CatalogSnapshot() {}

  /** Writes {@code catalog}, whose texts are all in {@code store}, to {@code file}. */
  public static void write(Catalog catalog, TextStore store, Path file) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    int count = catalog.troubled().size();
    for (CatalogLoader.Assembly a : catalog.assemblies().values()) {
      for (Variant v : a.variants()) {
        if (!catalog.troubled().containsKey(v.file())) {
          count++;
        }
      }
    }
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
      out.writeUTF(MAGIC);
      out.writeInt(VERSION);
      CatalogSettings settings = catalog.settings();
      out.writeUTF(settings.sourceLocale().toLanguageTag());
      out.writeUTF(settings.fallbackLocale().toLanguageTag());
      out.writeBoolean(settings.scriptConversion());
      out.writeUTF(catalog.settingsDigest());
      writeProblems(out, catalog.settingsProblems());
      out.writeInt(count);
      // Every variant refers to the store: texts a refresh kept on the heap are stored now.
      for (CatalogLoader.Assembly a : catalog.assemblies().values()) {
        for (Variant v : a.variants()) {
          String path = v.file();
          if (!catalog.troubled().containsKey(path)) {
            out.writeUTF(path);
            writeStamp(out, v.stamp());
            writeProblems(out, List.of());
            writeVariant(out, v.storedIn(store));
            writeVariant(out, null);
          }
        }
      }
      for (Map.Entry<String, CatalogLoader.FileState> t : catalog.troubled().entrySet()) {
        CatalogLoader.FileState s = t.getValue();
        out.writeUTF(t.getKey());
        writeStamp(out, s.stamp());
        writeProblems(out, s.problems());
        writeVariant(out, null);
        writeVariant(out, s.lastGood() == null ? null : s.lastGood().storedIn(store));
      }
      // Last: where the store's records end, once every text is in it.
      out.writeLong(store.end());
    }
    store.force();
    AtomicFile.replace(temporary, file);
  }

  /**
   * The catalog of the snapshot {@code file} of the catalog folder {@code root}, its texts in
   * {@code texts}.
   *
   * @throws IOException when the file is unreadable or not a snapshot of this version
   */
  public static Catalog read(Path file, Path texts, Path root) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
        throw new IOException(file + " is not a catalog snapshot of version " + VERSION);
      }
      // The store's end is written last: open the store for the records, and learn it at the end.
      TextStore store = TextStore.open(texts, 0);
      try {
        CatalogSettings settings =
            new CatalogSettings(
                LocaleTags.parse(in.readUTF()), LocaleTags.parse(in.readUTF()), in.readBoolean());
        String settingsDigest = in.readUTF();
        List<Problem> settingsProblems = readProblems(in);
        Interner interner = new Interner();
        Map<String, TemplateId> ids = new HashMap<>();
        CatalogLoader.Gathered gathered = new CatalogLoader.Gathered();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
          String path = in.readUTF();
          Variant.FileStamp stamp = readStamp(in);
          List<Problem> problems = readProblems(in);
          Variant variant = readVariant(in, store, interner, ids);
          Variant lastGood = readVariant(in, store, interner, ids);
          gathered.add(
              path,
              new CatalogLoader.FileState(stamp, idOf(path, ids), variant, problems, lastGood));
        }
        store.resume(in.readLong());
        return CatalogLoader.assembled(
            root, settings, settingsProblems, settingsDigest, gathered, store);
      } catch (IOException | RuntimeException e) {
        store.close();
        throw e;
      }
    }
  }

  /**
   * The files under {@code catalog}'s folder that differ from what it knows: new, gone, or of
   * another size or modification time. {@code catalog.yaml} when the settings changed.
   */
  public static List<String> changedSince(Catalog catalog) throws IOException {
    List<String> changed = new ArrayList<>();
    Path root = catalog.root();
    java.util.Set<String> seen = new java.util.HashSet<>();
    if (!CatalogLoader.settingsDigestOf(root).equals(catalog.settingsDigest())) {
      return List.of(CatalogLoader.SETTINGS_FILE);
    }
    try (var files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String relative = root.relativize(p).toString().replace('\\', '/');
        if (!relative.endsWith(CatalogLoader.TEMPLATE_SUFFIX)
            || relative.contains("/.")
            || relative.startsWith(".")
            || !Files.isRegularFile(p)) {
          continue;
        }
        seen.add(relative);
        CatalogLoader.FileState state = catalog.stateOf(relative);
        if (state == null
            || state.stamp() == null
            || state.stamp().size() != Files.size(p)
            || state.stamp().modified() != Files.getLastModifiedTime(p).toMillis()) {
          changed.add(relative);
        }
      }
    }
    for (CatalogLoader.Assembly a : catalog.assemblies().values()) {
      for (Variant v : a.variants()) {
        if (!seen.contains(v.file())) {
          changed.add(v.file());
        }
      }
    }
    for (String t : catalog.troubled().keySet()) {
      if (!seen.contains(t)) {
        changed.add(t);
      }
    }
    return changed;
  }

  private static TemplateId idOf(String path, Map<String, TemplateId> ids) {
    String[] segments = path.split("/");
    if (segments.length != 3 || !segments[2].endsWith(CatalogLoader.TEMPLATE_SUFFIX)) {
      return null;
    }
    String name = segments[2].substring(0, segments[2].length() - 3);
    if (!TemplateId.isValidSegment(segments[1]) || !TemplateId.isValidSegment(name)) {
      return null;
    }
    return ids.computeIfAbsent(segments[1] + "/" + name, k -> new TemplateId(segments[1], name));
  }

  private static void writeStamp(DataOutputStream out, Variant.FileStamp stamp) throws IOException {
    out.writeLong(stamp.hashHigh());
    out.writeLong(stamp.hashLow());
    out.writeLong(stamp.size());
    out.writeLong(stamp.modified());
  }

  private static Variant.FileStamp readStamp(DataInputStream in) throws IOException {
    return new Variant.FileStamp(in.readLong(), in.readLong(), in.readLong(), in.readLong());
  }

  private static void writeProblems(DataOutputStream out, List<Problem> problems)
      throws IOException {
    out.writeInt(problems.size());
    for (Problem p : problems) {
      out.writeUTF(p.file());
      out.writeInt(p.line());
      out.writeUTF(p.reason());
    }
  }

  private static List<Problem> readProblems(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<Problem> problems = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      problems.add(new Problem(in.readUTF(), in.readInt(), in.readUTF()));
    }
    return problems;
  }

  private static void writeNullable(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static void writeVariant(DataOutputStream out, Variant v) throws IOException {
    out.writeBoolean(v != null);
    if (v == null) {
      return;
    }
    out.writeUTF(v.localeTag());
    out.writeUTF(v.id().category());
    out.writeUTF(v.id().name());
    writeNullable(out, v.tone() == null ? null : v.tone().label());
    writeNullable(out, v.sourceHash());
    out.writeInt(v.omits().size());
    for (String o : v.omits()) {
      out.writeUTF(o);
    }
    out.writeInt(v.placeholders().size());
    for (Placeholder p : v.placeholders()) {
      out.writeUTF(p.name());
      out.writeUTF(p.type());
    }
    out.writeInt(v.bodyLine());
    writeNullable(out, v.ownChannel() == null ? null : v.ownChannel().label());
    writeNullable(out, v.ownShortcut());
    writeStamp(out, v.stamp());
    out.writeLong(v.position());
  }

  private static Variant readVariant(
      DataInputStream in, TextStore store, Interner interner, Map<String, TemplateId> ids)
      throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    ULocale locale = interner.locale(LocaleTags.parse(in.readUTF()));
    String category = in.readUTF();
    String name = in.readUTF();
    TemplateId id = ids.computeIfAbsent(category + "/" + name, k -> new TemplateId(category, name));
    String tone = readNullable(in);
    String sourceHash = readNullable(in);
    int omitCount = in.readInt();
    List<String> omits = new ArrayList<>(omitCount);
    for (int i = 0; i < omitCount; i++) {
      omits.add(in.readUTF());
    }
    int placeholderCount = in.readInt();
    List<Placeholder> placeholders = new ArrayList<>(placeholderCount);
    for (int i = 0; i < placeholderCount; i++) {
      placeholders.add(new Placeholder(in.readUTF(), in.readUTF()));
    }
    int bodyLine = in.readInt();
    String ownChannel = readNullable(in);
    String ownShortcut = readNullable(in);
    Variant.FileStamp stamp = readStamp(in);
    long position = in.readLong();
    return Variant.stored(
        id,
        locale,
        tone == null ? null : Tone.parse(tone),
        interner.string(sourceHash),
        interner.list(omits),
        interner.placeholders(placeholders),
        bodyLine,
        ownChannel == null ? null : Channel.parse(ownChannel),
        ownShortcut,
        stamp,
        store,
        position);
  }
}
