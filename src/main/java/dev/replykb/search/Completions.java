package dev.replykb.search;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.search.suggest.InputIterator;
import org.apache.lucene.search.suggest.Lookup;
import org.apache.lucene.search.suggest.analyzing.AnalyzingInfixSuggester;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * As-you-type completions from the catalog: titles and tags of every variant, whatever word of them
 * the typed prefix starts (Lucene's {@link AnalyzingInfixSuggester}, in memory), and shortcuts by
 * their own prefix ({@code /de} completes {@code /delay}).
 *
 * <p>Built once per catalog. Thread-safe: the suggester searches a read-only index.
 */
final class Completions implements Closeable {
  /** At most this many completions per request. */
  static final int MAX = 10;

  /** What kind of text a completion completes. */
  enum Kind {
    TITLE,
    TAG,
    SHORTCUT
  }

  /** One completion: the text, what it is, and the variant it comes from. */
  record Completion(String text, Kind kind, String id, String locale) {}

  private final AnalyzingInfixSuggester suggester;
  private final TreeMap<String, Template> shortcuts = new TreeMap<>();
  private final Path folder;

  /** Marks a folder whose suggestions are complete, with the fingerprint of their catalog. */
  private static final String DONE = "built-for";

  private Completions(Catalog catalog, Path folder) throws IOException {
    this.folder = folder;
    CompletionAnalyzer analyzer = new CompletionAnalyzer();
    this.suggester =
        new AnalyzingInfixSuggester(
            folder == null ? new ByteBuffersDirectory() : FSDirectory.open(folder),
            analyzer,
            analyzer,
            2,
            folder != null,
            true,
            false,
            true);
    for (Template template : catalog.templates()) {
      if (template.shortcut() != null) {
        shortcuts.put(template.shortcut(), template);
      }
    }
  }

  /**
   * The completions of {@code catalog} kept in {@code folder} (on disk, so that a million titles
   * and tags cost the heap nothing and a restart opens them), or null when the folder holds none or
   * those of another version of the catalog.
   */
  static Completions open(Path folder, Catalog catalog) throws IOException {
    Path done = folder.resolve(DONE);
    if (!Files.isRegularFile(done)
        || !Files.readString(done, StandardCharsets.UTF_8).equals(catalog.fingerprint())) {
      return null;
    }
    return new Completions(catalog, folder);
  }

  /** Builds the completions of {@code catalog} into {@code folder} (null: in memory). */
  static Completions build(Path folder, Catalog catalog) throws IOException {
    if (folder != null) {
      deleteFolder(folder);
      Files.createDirectories(folder);
    }
    Completions completions = new Completions(catalog, folder);
    completions.suggester.build(new Entries(catalog));
    if (folder != null) {
      Files.writeString(folder.resolve(DONE), catalog.fingerprint(), StandardCharsets.UTF_8);
    }
    return completions;
  }

  /** An empty folder's completions: nothing to complete yet, only shortcuts. */
  static Completions empty(Catalog catalog) throws IOException {
    Completions completions = new Completions(catalog, null);
    completions.suggester.build(new Entries(List.of()));
    return completions;
  }

  static void deleteFolder(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var files = Files.walk(folder)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Where these completions are kept, or null when in memory. */
  Path folder() {
    return folder;
  }

  private record Entry(String text, long weight, Kind kind, Variant variant) {}

  /**
   * Up to {@code limit} completions of {@code prefix}: shortcuts for a prefix starting with {@code
   * /}, otherwise titles and tags, titles first, each text once.
   */
  List<Completion> complete(String prefix, int limit) throws IOException {
    String typed = prefix.strip();
    List<Completion> completions = new ArrayList<>();
    if (typed.startsWith("/")) {
      String lower = typed.toLowerCase(Locale.ROOT);
      for (Map.Entry<String, Template> e : shortcuts.tailMap(lower, true).entrySet()) {
        if (!e.getKey().startsWith(lower) || completions.size() == limit) {
          break;
        }
        completions.add(
            new Completion(e.getKey(), Kind.SHORTCUT, e.getValue().id().toString(), null));
      }
      return completions;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Lookup.LookupResult result : suggester.lookup(typed, 4 * limit, true, false)) {
      String[] payload = result.payload.utf8ToString().split("\t", 3);
      String text = result.key.toString();
      if (seen.add(text)) {
        completions.add(new Completion(text, Kind.valueOf(payload[0]), payload[1], payload[2]));
      }
      if (completions.size() == limit) {
        break;
      }
    }
    return completions;
  }

  @Override
  public void close() throws IOException {
    suggester.close();
  }

  /**
   * Feeds entries to the suggester, template by template (text, weight, and kind/id/locale as
   * payload): titles before tags, since a title names the reply and a tag is one way to find it.
   * Nothing is gathered first: a million variants' titles and tags pass through.
   */
  private static final class Entries implements InputIterator {
    private final Iterator<Entry> entries;
    private Entry current;

    Entries(List<Entry> entries) {
      this.entries = entries.iterator();
    }

    Entries(Catalog catalog) {
      Iterator<Template> templates = catalog.templates().iterator();
      this.entries =
          new Iterator<>() {
            private final java.util.ArrayDeque<Entry> pending = new java.util.ArrayDeque<>();

            // A text is suggested once (lookups keep the first of a text): a title or tag that
            // many variants share (every shop's "Rücksendung") is fed once per kind, from its
            // first variant. At 100k variants, 600k titles and tags are 56k distinct texts.
            private final TextSet titles = new TextSet();
            private final TextSet tags = new TextSet();

            @Override
            public boolean hasNext() {
              while (pending.isEmpty() && templates.hasNext()) {
                for (Variant variant : templates.next().variants().values()) {
                  String title = variant.title();
                  if (titles.add(title)) {
                    pending.add(new Entry(title, 2, Kind.TITLE, variant));
                  }
                  for (String tag : variant.tags()) {
                    if (tags.add(tag)) {
                      pending.add(new Entry(tag, 1, Kind.TAG, variant));
                    }
                  }
                }
              }
              return !pending.isEmpty();
            }

            @Override
            public Entry next() {
              return pending.poll();
            }
          };
    }

    @Override
    public BytesRef next() {
      if (!entries.hasNext()) {
        return null;
      }
      current = entries.next();
      return new BytesRef(current.text());
    }

    @Override
    public long weight() {
      return current.weight();
    }

    @Override
    public BytesRef payload() {
      String payload =
          current.kind().name()
              + "\t"
              + current.variant().id()
              + "\t"
              + current.variant().localeTag();
      return new BytesRef(payload.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean hasPayloads() {
      return true;
    }

    @Override
    public Set<BytesRef> contexts() {
      return null;
    }

    @Override
    public boolean hasContexts() {
      return false;
    }
  }

  /**
   * The texts seen so far, as 128-bit hashes in an open-addressing table: a million variants'
   * distinct titles as strings would take tens of megabytes of a heap that holds the catalog. Two
   * different texts with the same two 64-bit hashes (vanishingly unlikely) would lose the second
   * one's completion, nothing else.
   */
  static final class TextSet {
    private long[] slots = new long[2 * 1024];
    private int size;

    /** Adds {@code text}; whether it was new. */
    boolean add(String text) {
      long high = hash(text, 0x9E3779B97F4A7C15L);
      long low = hash(text, 0xC2B2AE3D27D4EB4FL);
      if (high == 0 && low == 0) {
        low = 1; // (0, 0) marks a free slot
      }
      if (2 * (size + 1) > slots.length / 2) {
        grow();
      }
      if (!insert(slots, high, low)) {
        return false;
      }
      size++;
      return true;
    }

    int size() {
      return size;
    }

    private static boolean insert(long[] table, long high, long low) {
      int mask = table.length / 2 - 1;
      for (int i = (int) (high ^ (high >>> 32)) & mask; ; i = (i + 1) & mask) {
        long h = table[2 * i];
        long l = table[2 * i + 1];
        if (h == 0 && l == 0) {
          table[2 * i] = high;
          table[2 * i + 1] = low;
          return true;
        }
        if (h == high && l == low) {
          return false;
        }
      }
    }

    private void grow() {
      long[] bigger = new long[slots.length * 2];
      for (int i = 0; i < slots.length; i += 2) {
        if (slots[i] != 0 || slots[i + 1] != 0) {
          insert(bigger, slots[i], slots[i + 1]);
        }
      }
      slots = bigger;
    }

    /** A 64-bit hash of the text's characters (multiply, rotate and a final avalanche). */
    private static long hash(String text, long seed) {
      long h = seed ^ text.length();
      for (int i = 0; i < text.length(); i++) {
        h = Long.rotateLeft((h ^ text.charAt(i)) * 0x100000001B3L, 29) + seed;
      }
      h ^= h >>> 33;
      h *= 0xFF51AFD7ED558CCDL;
      h ^= h >>> 33;
      h *= 0xC4CEB9FE1A85EC53L;
      h ^= h >>> 33;
      return h;
    }
  }
}
