package dev.replykb.catalog;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The templates of one catalog folder as loaded, the problems found on the way, and a fingerprint
 * of the files they came from.
 *
 * <p>Immutable and safe to share between threads; a reload builds a new catalog.
 */
public final class Catalog implements TemplateLookup {
  private final java.nio.file.Path root;
  private final CatalogSettings settings;
  private final SortedMap<TemplateId, Template> templates;

  /** The same templates hashed: a search looks up a hundred hits' templates by id. */
  private final Map<TemplateId, Template> byId;

  private final Map<String, Template> byShortcut;
  private final List<Problem> problems;
  private final String fingerprint;
  private final int variantCount;

  private final List<Problem> settingsProblems;
  private final String settingsDigest;
  private final Map<TemplateId, CatalogLoader.Assembly> assemblies;
  private final SortedMap<String, CatalogLoader.FileState> troubled;
  private final java.util.SortedSet<String> localeFolders;
  private final long sumHigh;
  private final long sumLow;
  private final TextStore store;

  Catalog(
      java.nio.file.Path root,
      CatalogSettings settings,
      List<Problem> settingsProblems,
      String settingsDigest,
      SortedMap<TemplateId, Template> templates,
      Map<TemplateId, CatalogLoader.Assembly> assemblies,
      SortedMap<String, CatalogLoader.FileState> troubled,
      java.util.SortedSet<String> localeFolders,
      List<Problem> problems,
      long sumHigh,
      long sumLow,
      TextStore store) {
    this.root = root;
    this.settingsProblems = List.copyOf(settingsProblems);
    this.settingsDigest = settingsDigest;
    this.settings = settings;
    this.templates = Collections.unmodifiableSortedMap(templates);
    this.byId = new java.util.HashMap<>(Math.max(16, templates.size() * 4 / 3 + 1));
    this.byId.putAll(templates);
    this.assemblies = Collections.unmodifiableMap(assemblies);
    this.troubled = Collections.unmodifiableSortedMap(troubled);
    this.localeFolders = Collections.unmodifiableSortedSet(localeFolders);
    this.store = store;
    Map<String, Template> shortcuts = new TreeMap<>();
    int variants = 0;
    for (Template t : templates.values()) {
      variants += t.variants().size();
    }
    for (CatalogLoader.Assembly a : assemblies.values()) {
      if (a.shortcut() == null) {
        continue; // most templates: no lookup
      }
      Template t = templates.get(a.id());
      if (t != null && t.shortcut() != null) {
        shortcuts.put(t.shortcut(), t);
      }
    }
    this.byShortcut = Collections.unmodifiableMap(shortcuts);
    this.variantCount = variants;
    this.problems = List.copyOf(problems);
    this.sumHigh = sumHigh;
    this.sumLow = sumLow;
    this.fingerprint = fingerprintOf(settingsDigest, sumHigh, sumLow);
  }

  /** The fingerprint of a catalog of these settings and sums of its files' hashes. */
  static String fingerprintOf(String settingsDigest, long sumHigh, long sumLow) {
    return CatalogLoader.sha256Hex(
        (settingsDigest + ":" + Long.toHexString(sumHigh) + ":" + Long.toHexString(sumLow))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  SortedMap<TemplateId, Template> templatesById() {
    return templates;
  }

  Map<TemplateId, CatalogLoader.Assembly> assemblies() {
    return assemblies;
  }

  /** The files with problems, by path: each with its last good variant, if it had one. */
  SortedMap<String, CatalogLoader.FileState> troubled() {
    return troubled;
  }

  /** The store the variants' texts are in, or null when they are on the heap. */
  public TextStore store() {
    return store;
  }

  /**
   * The variant a file gives, as its template serves it (what the file said kept as its own), or
   * null.
   */
  private Variant own(String relative) {
    TemplateId id = TemplateId.ofFile(relative);
    if (id == null) {
      return null;
    }
    CatalogLoader.Assembly a = assemblies.get(id);
    if (a == null) {
      return null;
    }
    String locale = relative.substring(0, relative.indexOf('/'));
    for (Variant v : a.variants()) {
      if (v.localeTag().equals(locale)) {
        return v;
      }
    }
    return null;
  }

  /** What the catalog knows of the file {@code relative}, or null when it has no such file. */
  CatalogLoader.FileState stateOf(String relative) {
    CatalogLoader.FileState t = troubled.get(relative);
    if (t != null) {
      return t;
    }
    Variant v = own(relative);
    return v == null ? null : new CatalogLoader.FileState(v.stamp(), v.id(), v, List.of(), null);
  }

  /** What the file {@code relative} serves now (its last good version while broken), or null. */
  Variant served(String relative) {
    CatalogLoader.FileState state = stateOf(relative);
    return state == null ? null : state.served();
  }

  java.util.SortedSet<String> localeFolders() {
    return localeFolders;
  }

  long sumHigh() {
    return sumHigh;
  }

  long sumLow() {
    return sumLow;
  }

  List<Problem> settingsProblems() {
    return settingsProblems;
  }

  /**
   * A digest of each template's served files, by id: their locales and content hashes. Two catalogs
   * whose template has the same digest serve the same variants of it (files differing only in their
   * modification time digest alike), so an index built for one holds it for the other.
   */
  public Map<TemplateId, Long> templateDigests() {
    Map<TemplateId, Long> digests = new java.util.HashMap<>(templates.size() * 4 / 3 + 1);
    for (Template t : templates.values()) {
      long digest = 0;
      for (Variant v : t.variants().values()) {
        // Summed, so the order of the variants does not matter; each term mixed so that two
        // variants' hashes cannot cancel out.
        digest +=
            mix(v.stamp().hashHigh() ^ mix(v.localeTag().hashCode()))
                ^ mix(v.stamp().hashLow() + 0x9E3779B97F4A7C15L);
      }
      digests.put(t.id(), digest);
    }
    return digests;
  }

  /** Stafford's variant 13 of the SplitMix64 finaliser: every input bit moves every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A digest of the catalog's settings ({@code catalog.yaml}). */
  public String settingsDigest() {
    return settingsDigest;
  }

  /** The folder the catalog was read from. */
  public java.nio.file.Path root() {
    return root;
  }

  public CatalogSettings settings() {
    return settings;
  }

  public Collection<Template> templates() {
    return templates.values();
  }

  @Override
  public Optional<Template> template(TemplateId id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The template whose shortcut is exactly {@code shortcut} (such as {@code /delay}). */
  public Optional<Template> byShortcut(String shortcut) {
    return Optional.ofNullable(byShortcut.get(shortcut));
  }

  /** Files that could not be used, or could be used only in part, with where and why. */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * A hash of every file read (paths and bytes) and of the settings, so an index can tell whether
   * it is current: the sum of the files' hashes, so that a change updates it by itself alone.
   */
  public String fingerprint() {
    return fingerprint;
  }

  public int variantCount() {
    return variantCount;
  }

  /** The number of variants per locale tag, in tag order. */
  public SortedMap<String, Integer> variantCountsByLocale() {
    SortedMap<String, Integer> counts = new TreeMap<>();
    for (Template t : templates.values()) {
      for (String tag : t.variants().keySet()) {
        counts.merge(tag, 1, Integer::sum);
      }
    }
    return counts;
  }
}
