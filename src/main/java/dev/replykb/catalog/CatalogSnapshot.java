package dev.replykb.catalog;

import com.ibm.icu.util.ULocale;
import dev.replykb.locale.LocaleTags;
import dev.replykb.render.Placeholder;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a catalog knows, written beside its index so that a restart need not read every template
 * file again: settings, and for every file its stamp and what it gave (the variant's metadata and
 * where its texts are in the {@link TextStore}, or its problems and last good variant). Reading it
 * back assembles the same catalog; {@link #changedSince} then tells which files changed on disk
 * meanwhile, by size and modification time, so that only those are read.
 *
 * <p>Compact, for a million variants: every string a file record needs (locale tag, category, name,
 * source hash, placeholder names) is written once in a table at the end and referred to by number,
 * lists of them too, numbers are variable-length, and a good file's path is not written (it is its
 * variant's). Version 1 wrote each record out in full: 235 MB at a million variants, most of a
 * restart's time.
 *
 * <p>The file is written whole to a temporary file and renamed: a crash leaves the previous one. It
 * names the {@link TextStore#identity() identity} of the texts file its variants point into and is
 * refused with any other (version 3): {@code replykb index} empties the texts file when it starts
 * and writes its snapshot when it ends, and killed in between it left the previous snapshot
 * pointing into texts that were no longer there, or were others.
 */
public final class CatalogSnapshot {
  private static final String MAGIC = "replykb-catalog-snapshot";
  private static final int VERSION = 4;

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
    Tables tables = new Tables();
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
      out.writeUTF(MAGIC);
      out.writeInt(VERSION);
      writeString(out, store.identity());
      CatalogSettings settings = catalog.settings();
      writeString(out, settings.sourceLocale().toLanguageTag());
      writeString(out, settings.fallbackLocale().toLanguageTag());
      out.writeBoolean(settings.scriptConversion());
      writeString(out, catalog.settingsDigest());
      writeProblems(out, tables, catalog.settingsProblems());
      writeVInt(out, count);
      // Every variant refers to the store: texts a refresh kept on the heap are stored now. Each
      // template's good files are written together, so that the index below can point at them.
      Map<TemplateId, int[]> runs = new HashMap<>(catalog.assemblies().size() * 2);
      for (CatalogLoader.Assembly a : catalog.assemblies().values()) {
        int start = out.size();
        int n = 0;
        for (Variant v : a.variants()) {
          String path = v.file();
          if (!catalog.troubled().containsKey(path)) {
            writeFile(out, tables, path, v.stamp(), List.of(), v.storedIn(store), null);
            n++;
          }
        }
        runs.put(a.id(), new int[] {start, n});
      }
      Map<TemplateId, List<Integer>> lastGoodAt = new HashMap<>();
      for (Map.Entry<String, CatalogLoader.FileState> t : catalog.troubled().entrySet()) {
        CatalogLoader.FileState s = t.getValue();
        Variant lastGood = s.lastGood() == null ? null : s.lastGood().storedIn(store);
        if (lastGood != null) {
          lastGoodAt.computeIfAbsent(lastGood.id(), k -> new ArrayList<>(1)).add(out.size());
        }
        writeFile(out, tables, t.getKey(), s.stamp(), s.problems(), null, lastGood);
      }
      long indexAt = out.size();
      writeIndex(out, tables, catalog, runs, lastGoodAt);
      // The tables follow the records that refer to them: one pass over the catalog writes both.
      long tablesAt = out.size();
      writeVInt(out, tables.strings.size());
      for (String string : tables.strings.keySet()) {
        writeString(out, string);
      }
      writeVInt(out, tables.lists.size());
      for (List<Integer> list : tables.lists.keySet()) {
        writeVInt(out, list.size());
        for (int i : list) {
          writeVInt(out, i);
        }
      }
      out.writeLong(indexAt);
      out.writeLong(tablesAt);
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
   * @throws IOException when the file is unreadable or not a snapshot of this version, or {@code
   *     texts} is not the texts file it was written with
   */
  public static Catalog read(Path file, Path texts, Path root) throws IOException {
    Preview preview = preview(file, texts, root);
    try {
      return preview.catalog();
    } catch (IOException | RuntimeException e) {
      preview.store().close();
      throw e;
    }
  }

  /**
   * The preview of the snapshot {@code file}: what it says of the catalog as a whole, and any of
   * its templates on request, without assembling the catalog; {@link Preview#catalog()} then reads
   * it whole.
   *
   * @throws IOException as {@link #read}, for what can be checked without reading every record
   */
  public static Preview preview(Path file, Path texts, Path root) throws IOException {
    ByteBuffer in;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() > Integer.MAX_VALUE) {
        throw new IOException(file + " is too large to be a catalog snapshot");
      }
      // Mapped, not read onto the heap (tens of megabytes at a million variants, beside the
      // catalog being built from them), and decoded from the buffer: several times quicker than
      // through a stream. The mapping outlives the channel until the buffer is collected.
      in = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
    }
    try {
      if (in.getShort() != MAGIC.length()
          || !MAGIC.equals(new String(bytes(in, MAGIC.length()), StandardCharsets.UTF_8))
          || in.getInt() != VERSION) {
        throw new IOException(file + " is not a catalog snapshot of version " + VERSION);
      }
      String identity = readString(in);
      int records = in.position();
      in.position(in.limit() - 24);
      int indexAt = Math.toIntExact(in.getLong());
      int tablesAt = Math.toIntExact(in.getLong());
      long storeEnd = in.getLong();
      if (records > indexAt || indexAt > tablesAt || tablesAt > in.limit() - 24) {
        throw new IOException(file + " is damaged: its sections overlap");
      }
      Reader reader = new Reader(in, tablesAt);
      in.position(records);
      CatalogSettings settings =
          new CatalogSettings(
              LocaleTags.parse(readString(in)), LocaleTags.parse(readString(in)), in.get() != 0);
      String settingsDigest = readString(in);
      List<Problem> settingsProblems = reader.problems();
      int count = count(in);
      TextStore store = TextStore.open(texts, 0);
      try {
        if (!store.identity().equals(identity)) {
          throw new IOException(
              texts
                  + " is not the texts file "
                  + file
                  + " was written with: it was made anew since (by a replykb index that did not"
                  + " finish?)");
        }
        return new Preview(
            file,
            root,
            in,
            reader,
            store,
            storeEnd,
            settings,
            settingsDigest,
            settingsProblems,
            in.position(),
            count,
            indexAt,
            tablesAt);
      } catch (IOException | RuntimeException e) {
        store.close();
        throw e;
      }
    } catch (RuntimeException e) {
      throw damaged(file, e);
    }
  }

  /**
   * What decoding a truncated or damaged file throws (reading past the end, a number out of range,
   * a bad tag), as the IOException it means; anything else is rethrown as it is.
   */
  private static IOException damaged(Path file, RuntimeException e) {
    if (e instanceof java.nio.BufferUnderflowException
        || e instanceof IndexOutOfBoundsException
        || e instanceof IllegalArgumentException
        || e instanceof ArithmeticException) {
      return new IOException(file + " is truncated or damaged (" + e + ")", e);
    }
    throw e;
  }

  /**
   * A snapshot read only as far as its index of templates: the catalog's settings, fingerprint,
   * size and sets of locales, and each template decoded from its records when it is asked for. A
   * restart answers its first searches from it (a million variants take seconds to assemble, a
   * template a few microseconds) while {@link #catalog()} reads the whole catalog.
   *
   * <p>Safe to share between threads: templates are decoded one at a time.
   */
  public static final class Preview implements TemplateLookup {
    private final Path file;
    private final Path root;
    private final ByteBuffer in;
    private final Reader reader;
    private final TextStore store;
    private final long storeEnd;
    private final CatalogSettings settings;
    private final String settingsDigest;
    private final List<Problem> settingsProblems;
    private final int recordsAt;
    private final int count;
    private final int indexAt;
    private final int tablesAt;
    private final int variantCount;
    private final String fingerprint;
    private final List<List<ULocale>> localeLists;
    private final int capacity;
    private final int slotsAt;
    private final int entriesAt;
    private final String sourceTag;

    private Preview(
        Path file,
        Path root,
        ByteBuffer in,
        Reader reader,
        TextStore store,
        long storeEnd,
        CatalogSettings settings,
        String settingsDigest,
        List<Problem> settingsProblems,
        int recordsAt,
        int count,
        int indexAt,
        int tablesAt)
        throws IOException {
      this.file = file;
      this.root = root;
      this.in = in;
      this.reader = reader;
      this.store = store;
      this.storeEnd = storeEnd;
      this.settings = settings;
      this.settingsDigest = settingsDigest;
      this.settingsProblems = settingsProblems;
      this.recordsAt = recordsAt;
      this.count = count;
      this.indexAt = indexAt;
      this.tablesAt = tablesAt;
      // Texts written from now on (a change, or every file read again) go after its records.
      store.resume(storeEnd);
      this.sourceTag = settings.sourceLocale().toLanguageTag();
      ByteBuffer index = in.duplicate().position(indexAt).limit(tablesAt);
      variantCount = readVInt(index);
      long sumHigh = index.getLong();
      long sumLow = index.getLong();
      fingerprint = Catalog.fingerprintOf(settingsDigest, sumHigh, sumLow);
      int lists = count(index);
      List<List<ULocale>> locales = new ArrayList<>(lists);
      for (int i = 0; i < lists; i++) {
        List<String> tags = reader.list(readVInt(index));
        ULocale[] list = new ULocale[tags.size()];
        for (int j = 0; j < list.length; j++) {
          list[j] = LocaleTags.parse(tags.get(j));
        }
        locales.add(List.of(list));
      }
      localeLists = List.copyOf(locales);
      readVInt(index); // the number of templates
      capacity = readVInt(index);
      if (Integer.bitCount(capacity) != 1 || (long) capacity * 4 > index.remaining()) {
        throw new IOException(file + " is damaged: its template index has " + capacity + " slots");
      }
      slotsAt = index.position();
      index.position(slotsAt + 4 * capacity);
      int entries = count(index);
      entriesAt = index.position();
      if (entriesAt + entries != tablesAt) {
        throw new IOException(file + " is damaged: its template index ends before its tables");
      }
    }

    public CatalogSettings settings() {
      return settings;
    }

    /** The fingerprint of the catalog the snapshot was written of ({@link Catalog#fingerprint}). */
    public String fingerprint() {
      return fingerprint;
    }

    public int variantCount() {
      return variantCount;
    }

    /** Each distinct list of locales a template of the catalog has ({@link Template#locales}). */
    public List<List<ULocale>> localeLists() {
      return localeLists;
    }

    /** The catalog folder the snapshot is of. */
    public Path root() {
      return root;
    }

    /** The texts file the variants' texts are in. */
    public TextStore store() {
      return store;
    }

    /** The template {@code id} as the whole catalog would give it, decoded now. */
    @Override
    public Optional<Template> template(TemplateId id) {
      int mask = capacity - 1;
      try {
        synchronized (reader) {
          ByteBuffer entry = in.duplicate();
          for (int slot = slot(id, mask), probes = 0;
              probes < capacity;
              slot = (slot + 1) & mask, probes++) {
            int at = in.getInt(slotsAt + 4 * slot);
            if (at == 0) {
              return Optional.empty();
            }
            entry.position(entriesAt + at - 1);
            if (!reader.string(readVInt(entry)).equals(id.category())
                || !reader.string(readVInt(entry)).equals(id.name())) {
              continue;
            }
            int shortcut = readVInt(entry);
            int start = readVInt(entry);
            int good = readVInt(entry);
            int lastGood = readVInt(entry);
            List<Variant> variants = new ArrayList<>(good + lastGood);
            reader.at(start);
            for (int i = 0; i < good; i++) {
              variants.add(reader.served(store));
            }
            for (int i = 0; i < lastGood; i++) {
              reader.at(readVInt(entry));
              variants.add(reader.served(store));
            }
            if (variants.contains(null)) {
              throw new IOException(file + " is damaged: " + id + " points at a file without one");
            }
            return Optional.of(
                CatalogLoader.assembleTemplate(
                    sourceTag, variants, shortcut == 0 ? null : reader.string(shortcut - 1)));
          }
          return Optional.empty();
        }
      } catch (IOException e) {
        throw new IllegalStateException(file + " is truncated or damaged (" + e + ")", e);
      } catch (RuntimeException e) {
        IOException damage = damaged(file, e);
        throw new IllegalStateException(damage.getMessage(), damage);
      }
    }

    /**
     * The whole catalog, every record read and assembled, its texts in {@link #store()}, which then
     * takes the writes of its later changes.
     *
     * @throws IOException when a record is damaged
     */
    public Catalog catalog() throws IOException {
      try {
        // A reader of its own: the preview keeps answering meanwhile.
        Reader whole = new Reader(in.duplicate(), tablesAt);
        CatalogLoader.Gathered gathered = new CatalogLoader.Gathered();
        whole.at(recordsAt);
        for (int i = 0; i < count; i++) {
          whole.file(gathered, store);
        }
        if (whole.position() != indexAt) {
          throw new IOException(
              file + " is damaged: its records end where its index does not start");
        }
        Catalog catalog =
            CatalogLoader.assembled(
                root, settings, settingsProblems, settingsDigest, gathered, store);
        if (!catalog.fingerprint().equals(fingerprint)) {
          throw new IOException(file + " is damaged: its records are not of its catalog");
        }
        return catalog;
      } catch (RuntimeException e) {
        throw damaged(file, e);
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
    // Known files found on disk are counted, not remembered: a million paths in a set would take
    // a hundred megabytes of a server that has just started.
    long found = 0;
    if (!CatalogLoader.settingsDigestOf(root).equals(catalog.settingsDigest())) {
      return List.of(CatalogLoader.SETTINGS_FILE);
    }
    // One stat a file: the walk's own attributes give its kind, size and time (Files.size and
    // getLastModifiedTime were two more system calls each, for a million files).
    long[] foundKnown = {0};
    Files.walkFileTree(
        root,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path p, java.nio.file.attribute.BasicFileAttributes attributes) throws IOException {
            String relative = root.relativize(p).toString().replace('\\', '/');
            if (!relative.endsWith(CatalogLoader.TEMPLATE_SUFFIX)
                || relative.contains("/.")
                || relative.startsWith(".")) {
              return java.nio.file.FileVisitResult.CONTINUE;
            }
            if (attributes.isSymbolicLink()) {
              // a linked file counts as the file it links to, as reading the catalog takes it
              try {
                attributes =
                    Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
              } catch (IOException broken) {
                return java.nio.file.FileVisitResult.CONTINUE;
              }
            }
            if (!attributes.isRegularFile()) {
              return java.nio.file.FileVisitResult.CONTINUE;
            }
            CatalogLoader.FileState state = catalog.stateOf(relative);
            if (state != null) {
              foundKnown[0]++;
            }
            if (state == null
                || state.stamp() == null
                || state.stamp().size() != attributes.size()
                || state.stamp().modified() != attributes.lastModifiedTime().toMillis()) {
              changed.add(relative);
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e)
              throws IOException {
            if (p.equals(root)) {
              throw e;
            }
            return java.nio.file.FileVisitResult.CONTINUE; // gone meanwhile: found missing below
          }
        });
    found = foundKnown[0];
    // Every known file was found unless fewer were found than are known: only then is each known
    // file looked for (the rare restart after files were deleted while the server was down).
    long known = catalog.troubled().size();
    for (CatalogLoader.Assembly a : catalog.assemblies().values()) {
      for (Variant v : a.variants()) {
        if (!catalog.troubled().containsKey(v.file())) {
          known++;
        }
      }
    }
    if (found < known) {
      for (CatalogLoader.Assembly a : catalog.assemblies().values()) {
        for (Variant v : a.variants()) {
          if (isGone(root, v.file())) {
            changed.add(v.file());
          }
        }
      }
      for (String t : catalog.troubled().keySet()) {
        if (isGone(root, t) && !changed.contains(t)) {
          changed.add(t);
        }
      }
    }
    return changed;
  }

  /** Whether the known file {@code relative} is no longer a regular file of the catalog. */
  private static boolean isGone(Path root, String relative) {
    return !Files.isRegularFile(root.resolve(relative));
  }

  // --- records ---------------------------------------------------------------------------------

  /** Flags of a file record. */
  private static final int HAS_VARIANT = 1;

  private static final int HAS_LAST_GOOD = 2;
  private static final int HAS_PROBLEMS = 4;

  /** The path is written: it is not that of the file's variant. */
  private static final int OWN_PATH = 8;

  /** Flags of a variant: which of its optional fields are written. */
  private static final int TONE = 1;

  private static final int SOURCE_HASH = 2;
  private static final int CHANNEL = 4;
  private static final int SHORTCUT = 8;

  /** The variant's stamp is its file's. */
  private static final int FILE_STAMP = 16;

  private static void writeFile(
      DataOutputStream out,
      Tables tables,
      String path,
      Variant.FileStamp stamp,
      List<Problem> problems,
      Variant variant,
      Variant lastGood)
      throws IOException {
    Variant any = variant != null ? variant : lastGood;
    boolean ownPath = any == null || !any.file().equals(path);
    out.writeByte(
        (variant != null ? HAS_VARIANT : 0)
            | (lastGood != null ? HAS_LAST_GOOD : 0)
            | (problems.isEmpty() ? 0 : HAS_PROBLEMS)
            | (ownPath ? OWN_PATH : 0));
    if (ownPath) {
      writeVInt(out, tables.string(path));
    }
    writeStamp(out, stamp);
    if (!problems.isEmpty()) {
      writeProblems(out, tables, problems);
    }
    if (variant != null) {
      writeVariant(out, tables, variant, stamp);
    }
    if (lastGood != null) {
      writeVariant(out, tables, lastGood, stamp);
    }
  }

  private static void writeVariant(
      DataOutputStream out, Tables tables, Variant v, Variant.FileStamp fileStamp)
      throws IOException {
    Variant.FileStamp stamp = v.stamp();
    out.writeByte(
        (v.tone() != null ? TONE : 0)
            | (v.sourceHash() != null ? SOURCE_HASH : 0)
            | (v.ownChannel() != null ? CHANNEL : 0)
            | (v.ownShortcut() != null ? SHORTCUT : 0)
            | (java.util.Objects.equals(stamp, fileStamp) ? FILE_STAMP : 0));
    writeVInt(out, tables.string(v.localeTag()));
    writeVInt(out, tables.string(v.id().category()));
    writeVInt(out, tables.string(v.id().name()));
    if (v.tone() != null) {
      writeVInt(out, tables.string(v.tone().label()));
    }
    if (v.sourceHash() != null) {
      writeVInt(out, tables.string(v.sourceHash()));
    }
    writeVInt(out, tables.list(v.omits()));
    List<String> placeholders = new ArrayList<>(2 * v.placeholders().size());
    for (Placeholder p : v.placeholders()) {
      placeholders.add(p.name());
      placeholders.add(p.type());
    }
    writeVInt(out, tables.list(placeholders));
    writeZLong(out, v.bodyLine());
    if (v.ownChannel() != null) {
      writeVInt(out, tables.string(v.ownChannel().label()));
    }
    if (v.ownShortcut() != null) {
      writeVInt(out, tables.string(v.ownShortcut()));
    }
    if (!java.util.Objects.equals(stamp, fileStamp)) {
      out.writeBoolean(stamp != null);
      if (stamp != null) {
        writeStamp(out, stamp);
      }
    }
    writeVLong(out, v.position());
  }

  private static void writeStamp(DataOutputStream out, Variant.FileStamp stamp) throws IOException {
    out.writeLong(stamp.hashHigh()); // random bits: as they are
    out.writeLong(stamp.hashLow());
    writeVLong(out, stamp.size());
    writeZLong(out, stamp.modified()); // before 1970 on some file systems
  }

  /**
   * The index of the templates a {@link Preview} reads: the catalog's size, the sums of its files'
   * hashes (its fingerprint) and its distinct lists of locales, then a hash table (open addressing,
   * a slot of four bytes each, twice as many as templates) from a template id to its entry: its
   * shortcut, where its good files' records start and how many they are, and where the records of
   * its broken files' last good versions are.
   */
  private static void writeIndex(
      DataOutputStream out,
      Tables tables,
      Catalog catalog,
      Map<TemplateId, int[]> runs,
      Map<TemplateId, List<Integer>> lastGoodAt)
      throws IOException {
    writeVInt(out, catalog.variantCount());
    out.writeLong(catalog.sumHigh());
    out.writeLong(catalog.sumLow());
    java.util.Set<List<String>> localeLists = new java.util.LinkedHashSet<>();
    for (Template t : catalog.templates()) {
      localeLists.add(List.copyOf(t.variants().keySet()));
    }
    writeVInt(out, localeLists.size());
    for (List<String> tags : localeLists) {
      writeVInt(out, tables.list(tags));
    }
    int n = catalog.templatesById().size();
    int capacity = Integer.highestOneBit(Math.max(1, 2 * n - 1)) << 1;
    int mask = capacity - 1;
    int[] slots = new int[capacity];
    java.io.ByteArrayOutputStream entryBytes = new java.io.ByteArrayOutputStream();
    DataOutputStream entries = new DataOutputStream(entryBytes);
    for (Template t : catalog.templatesById().values()) {
      int slot = slot(t.id(), mask);
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = entries.size() + 1;
      int[] run = runs.getOrDefault(t.id(), new int[] {0, 0});
      List<Integer> lastGood = lastGoodAt.getOrDefault(t.id(), List.of());
      writeVInt(entries, tables.string(t.id().category()));
      writeVInt(entries, tables.string(t.id().name()));
      writeVInt(entries, t.shortcut() == null ? 0 : tables.string(t.shortcut()) + 1);
      writeVInt(entries, run[0]);
      writeVInt(entries, run[1]);
      writeVInt(entries, lastGood.size());
      for (int at : lastGood) {
        writeVInt(entries, at);
      }
    }
    writeVInt(out, n);
    writeVInt(out, capacity);
    for (int slot : slots) {
      out.writeInt(slot);
    }
    writeVInt(out, entries.size());
    entryBytes.writeTo(out);
  }

  /**
   * The first slot of {@code id} in a table of {@code mask + 1} slots: from the ids' strings'
   * hashes, which the Java language specifies, so a snapshot reads alike on any JVM.
   */
  private static int slot(TemplateId id, int mask) {
    int h = 31 * id.category().hashCode() + id.name().hashCode();
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return h & mask;
  }

  private static void writeProblems(DataOutputStream out, Tables tables, List<Problem> problems)
      throws IOException {
    writeVInt(out, problems.size());
    for (Problem p : problems) {
      writeVInt(out, tables.string(p.file()));
      writeZLong(out, p.line());
      writeVInt(out, tables.string(p.reason()));
    }
  }

  /** The strings and lists of strings of a snapshot being written, numbered as they come. */
  private static final class Tables {
    final Map<String, Integer> strings = new LinkedHashMap<>();
    final Map<List<Integer>, Integer> lists = new LinkedHashMap<>();

    int string(String s) {
      Integer i = strings.get(s);
      if (i == null) {
        i = strings.size();
        strings.put(s, i);
      }
      return i;
    }

    int list(List<String> list) {
      List<Integer> numbers = new ArrayList<>(list.size());
      for (String s : list) {
        numbers.add(string(s));
      }
      Integer i = lists.get(numbers);
      if (i == null) {
        i = lists.size();
        lists.put(numbers, i);
      }
      return i;
    }
  }

  /**
   * Reads the records of a snapshot against its tables: each string, locale, list and template id
   * is made once, when first needed, and every variant that repeats it shares it. Not safe for
   * concurrent use: it keeps one position in the records.
   */
  private static final class Reader {
    private final ByteBuffer in;
    private final ByteBuffer tables;
    private final int[] stringAt;
    private final String[] strings;
    private final int[] listAt;
    private final List<String>[] lists;
    private final List<Placeholder>[] placeholders;
    private final ULocale[] locales;
    private final Map<Long, TemplateId> ids = new HashMap<>();

    /** Over the snapshot {@code in}, whose tables start at {@code tablesAt}; {@code in} is kept. */
    @SuppressWarnings("unchecked")
    Reader(ByteBuffer in, int tablesAt) {
      this.in = in;
      // Where each string and list starts: read as they are first needed (a preview needs few).
      tables = in.duplicate().position(tablesAt).limit(in.limit() - 24);
      stringAt = new int[count(tables)];
      for (int i = 0; i < stringAt.length; i++) {
        stringAt[i] = tables.position();
        int length = count(tables);
        tables.position(tables.position() + length);
      }
      strings = new String[stringAt.length];
      locales = new ULocale[stringAt.length];
      listAt = new int[count(tables)];
      for (int i = 0; i < listAt.length; i++) {
        listAt[i] = tables.position();
        int size = count(tables);
        for (int j = 0; j < size; j++) {
          readVInt(tables);
        }
      }
      if (tables.hasRemaining()) {
        throw new IllegalArgumentException("bytes after the tables");
      }
      lists = new List[listAt.length];
      placeholders = new List[listAt.length];
    }

    /** Moves to the record at {@code position}. */
    void at(int position) {
      in.position(position);
    }

    int position() {
      return in.position();
    }

    String string(int i) {
      String s = strings[i];
      if (s == null) {
        tables.position(stringAt[i]);
        s = readString(tables);
        strings[i] = s;
      }
      return s;
    }

    List<String> list(int i) {
      List<String> list = lists[i];
      if (list == null) {
        tables.position(listAt[i]);
        int[] refs = new int[count(tables)];
        for (int j = 0; j < refs.length; j++) {
          refs[j] = readVInt(tables);
        }
        String[] items = new String[refs.length];
        for (int j = 0; j < refs.length; j++) {
          items[j] = string(refs[j]);
        }
        list = List.of(items);
        lists[i] = list;
      }
      return list;
    }

    ULocale locale(int i) {
      ULocale locale = locales[i];
      if (locale == null) {
        locale = LocaleTags.parse(string(i));
        locales[i] = locale;
      }
      return locale;
    }

    List<Placeholder> placeholders(int i) {
      List<Placeholder> list = placeholders[i];
      if (list == null) {
        List<String> pairs = list(i);
        Placeholder[] items = new Placeholder[pairs.size() / 2];
        for (int j = 0; j < items.length; j++) {
          items[j] = new Placeholder(pairs.get(2 * j), pairs.get(2 * j + 1));
        }
        list = List.of(items);
        placeholders[i] = list;
      }
      return list;
    }

    TemplateId id(int category, int name) {
      return ids.computeIfAbsent(
          ((long) category << 32) | name, k -> new TemplateId(string(category), string(name)));
    }

    List<Problem> problems() {
      int n = count(in);
      List<Problem> problems = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        problems.add(
            new Problem(
                string(readVInt(in)), Math.toIntExact(readZLong(in)), string(readVInt(in))));
      }
      return problems;
    }

    void file(CatalogLoader.Gathered gathered, TextStore store) {
      int flags = in.get();
      String ownPath = (flags & OWN_PATH) != 0 ? string(readVInt(in)) : null;
      Variant.FileStamp stamp = readStamp(in);
      List<Problem> problems = (flags & HAS_PROBLEMS) != 0 ? problems() : List.of();
      Variant variant = (flags & HAS_VARIANT) != 0 ? variant(stamp, store) : null;
      Variant lastGood = (flags & HAS_LAST_GOOD) != 0 ? variant(stamp, store) : null;
      Variant any = variant != null ? variant : lastGood;
      if (ownPath == null && problems.isEmpty()) {
        // A good file where its variant says: no path needed
        gathered.addIn(
            any.localeTag(),
            new CatalogLoader.FileState(stamp, any.id(), variant, problems, lastGood));
        return;
      }
      String path = ownPath != null ? ownPath : any.file();
      TemplateId id = any != null && ownPath == null ? any.id() : TemplateId.ofFile(path);
      gathered.add(path, new CatalogLoader.FileState(stamp, id, variant, problems, lastGood));
    }

    /** The variant the file record here serves: its own, or its last good one; null for none. */
    Variant served(TextStore store) {
      int flags = in.get();
      if ((flags & OWN_PATH) != 0) {
        readVInt(in);
      }
      Variant.FileStamp stamp = readStamp(in);
      if ((flags & HAS_PROBLEMS) != 0) {
        problems();
      }
      Variant variant = (flags & HAS_VARIANT) != 0 ? variant(stamp, store) : null;
      Variant lastGood = (flags & HAS_LAST_GOOD) != 0 ? variant(stamp, store) : null;
      return variant != null ? variant : lastGood;
    }

    private Variant variant(Variant.FileStamp fileStamp, TextStore store) {
      int flags = in.get();
      ULocale locale = locale(readVInt(in));
      TemplateId id = id(readVInt(in), readVInt(in));
      Tone tone = (flags & TONE) != 0 ? Tone.parse(string(readVInt(in))) : null;
      String sourceHash = (flags & SOURCE_HASH) != 0 ? string(readVInt(in)) : null;
      List<String> omits = list(readVInt(in));
      List<Placeholder> placeholders = placeholders(readVInt(in));
      int bodyLine = Math.toIntExact(readZLong(in));
      Channel channel = (flags & CHANNEL) != 0 ? Channel.parse(string(readVInt(in))) : null;
      String shortcut = (flags & SHORTCUT) != 0 ? string(readVInt(in)) : null;
      Variant.FileStamp stamp =
          (flags & FILE_STAMP) != 0 ? fileStamp : in.get() != 0 ? readStamp(in) : null;
      long position = readVLong(in);
      return Variant.stored(
          id,
          locale,
          tone,
          sourceHash,
          omits,
          placeholders,
          bodyLine,
          channel,
          shortcut,
          stamp,
          store,
          position);
    }
  }

  private static Variant.FileStamp readStamp(ByteBuffer in) {
    return new Variant.FileStamp(in.getLong(), in.getLong(), readVLong(in), readZLong(in));
  }

  // --- encoding --------------------------------------------------------------------------------

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeVInt(out, utf8.length);
    out.write(utf8);
  }

  private static String readString(ByteBuffer in) {
    int length = count(in);
    if (in.hasArray()) {
      String s =
          new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
      in.position(in.position() + length);
      return s;
    }
    return new String(bytes(in, length), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer in, int length) {
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  /** Seven bits a byte, low first; the high bit says more follow. Non-negative values only. */
  private static void writeVInt(DataOutputStream out, int value) throws IOException {
    writeVLong(out, value);
  }

  private static void writeVLong(DataOutputStream out, long value) throws IOException {
    if (value < 0) {
      throw new IllegalArgumentException("a negative number in a snapshot: " + value);
    }
    writeUnsigned(out, value);
  }

  /** Any long, small magnitudes short: zigzag (0, -1, 1, -2, ...) then as {@link #writeVLong}. */
  private static void writeZLong(DataOutputStream out, long value) throws IOException {
    writeUnsigned(out, (value << 1) ^ (value >> 63));
  }

  /** The 64 bits of {@code bits}, unsigned, seven a byte. */
  private static void writeUnsigned(DataOutputStream out, long bits) throws IOException {
    while ((bits & ~0x7FL) != 0) {
      out.writeByte((int) (bits & 0x7F) | 0x80);
      bits >>>= 7;
    }
    out.writeByte((int) bits);
  }

  private static long readZLong(ByteBuffer in) {
    long zigzag = readUnsigned(in);
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  /**
   * A number of items that follow, each at least a byte: a damaged file must not make the reader
   * allocate gigabytes.
   */
  private static int count(ByteBuffer in) {
    int n = readVInt(in);
    if (n > in.remaining()) {
      throw new IllegalArgumentException(n + " items in " + in.remaining() + " bytes");
    }
    return n;
  }

  private static int readVInt(ByteBuffer in) {
    return Math.toIntExact(readVLong(in));
  }

  private static long readVLong(ByteBuffer in) {
    long value = readUnsigned(in);
    if (value < 0) {
      throw new IllegalArgumentException("a negative number in a snapshot: " + value);
    }
    return value;
  }

  private static long readUnsigned(ByteBuffer in) {
    long bits = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      bits |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return bits;
      }
    }
    throw new IllegalArgumentException("a number longer than 64 bits");
  }
}
