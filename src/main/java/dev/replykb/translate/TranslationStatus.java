package dev.replykb.translate;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where each locale's translations stand against the source variants.
 *
 * <p>For every template with a source variant and every other locale of the catalog: {@code
 * current} (its {@code source-hash} is the source's hash), {@code outdated} (the source changed
 * since), {@code untracked} (no {@code source-hash}) or {@code missing}.
 */
public final class TranslationStatus {

  /** The state of one template in one locale. */
  public enum State {
    CURRENT,
    OUTDATED,
    UNTRACKED,
    MISSING;

    /** The state as written in reports: {@code current}, {@code outdated}, ... */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One template in one locale.
   *
   * @param file the translation's file, or null when it is missing
   * @param recordedHash the {@code source-hash} the translation records, or null
   * @param sourceHash the hash of the source variant now: what a current translation records
   */
  public record Entry(
      String id, String locale, State state, String file, String recordedHash, String sourceHash) {

    /** The entry as plain data, for JSON. */
    public Map<String, Object> fields() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("state", state.label());
      m.put("file", file);
      m.put("recordedHash", recordedHash);
      m.put("sourceHash", sourceHash);
      return m;
    }
  }

  /** A locale's counts and the ids that need work. */
  public record LocaleSummary(
      String locale,
      int templates,
      int current,
      int outdated,
      int untracked,
      int missing,
      double percentComplete,
      List<String> outdatedIds,
      List<String> untrackedIds,
      List<String> missingIds) {}

  /** A template with a source variant, as the status lists it. */
  public record SourceTemplate(String id, String title, String channel, String tone) {}

  private final String sourceLocale;
  private final List<SourceTemplate> templates;
  private final SortedMap<String, List<Entry>> byLocale;
  private final List<String> withoutSource;

  private TranslationStatus(
      String sourceLocale,
      List<SourceTemplate> templates,
      SortedMap<String, List<Entry>> byLocale,
      List<String> withoutSource) {
    this.sourceLocale = sourceLocale;
    this.templates = templates;
    this.byLocale = byLocale;
    this.withoutSource = withoutSource;
  }

  /** The status of every locale of {@code catalog} but the source locale. */
  public static TranslationStatus of(Catalog catalog) {
    return of(catalog, null);
  }

  /**
   * The status of {@code only} (or of every locale but the source locale when null): a catalog of a
   * hundred thousand templates need not list nine locales' entries to answer for one.
   */
  public static TranslationStatus of(Catalog catalog, String only) {
    String source = catalog.settings().sourceLocale().toLanguageTag();
    SortedSet<String> locales = new TreeSet<>(catalog.variantCountsByLocale().keySet());
    locales.remove(source);
    if (only != null) {
      locales.retainAll(java.util.Set.of(only));
    }
    SortedMap<String, List<Entry>> byLocale = new TreeMap<>();
    locales.forEach(l -> byLocale.put(l, new ArrayList<>()));
    List<String> withoutSource = new ArrayList<>();
    List<SourceTemplate> templates = new ArrayList<>();
    for (Template template : catalog.templates()) {
      Optional<Variant> sourceVariant = template.variant(source);
      if (sourceVariant.isEmpty()) {
        withoutSource.add(template.id().toString());
        continue;
      }
      Variant sv = sourceVariant.get();
      String id = template.id().toString(); // one string for all of the template's entries
      templates.add(
          new SourceTemplate(
              id, sv.title(), sv.channel().label(), sv.tone() == null ? null : sv.tone().label()));
      String hash =
          SourceHash.of(sourceVariant.get().title(), sourceVariant.get().body().pattern());
      for (String locale : locales) {
        Variant v = template.variant(locale).orElse(null);
        State state;
        if (v == null) {
          state = State.MISSING;
        } else if (v.sourceHash() == null) {
          state = State.UNTRACKED;
        } else if (v.sourceHash().equals(hash)) {
          state = State.CURRENT;
        } else {
          state = State.OUTDATED;
        }
        byLocale
            .get(locale)
            .add(
                new Entry(
                    id,
                    locale,
                    state,
                    v == null ? null : v.file(),
                    v == null ? null : v.sourceHash(),
                    hash));
      }
    }
    return new TranslationStatus(source, templates, byLocale, withoutSource);
  }

  /**
   * The summaries of all locales (or of {@code only}) as plain data, for JSON: each with its
   * counts, the ids that need work and every template's entry.
   */
  public Map<String, Object> report(String only) {
    List<Map<String, Object>> locales = new ArrayList<>();
    for (LocaleSummary summary : summaries(only)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("locale", summary.locale());
      m.put("templates", summary.templates());
      m.put("current", summary.current());
      m.put("outdated", summary.outdated());
      m.put("untracked", summary.untracked());
      m.put("missing", summary.missing());
      m.put("percentComplete", summary.percentComplete());
      m.put("outdatedIds", summary.outdatedIds());
      m.put("untrackedIds", summary.untrackedIds());
      m.put("missingIds", summary.missingIds());
      // A view: each entry becomes plain data as it is written out, not all of them first (a
      // hundred thousand maps for a locale of a large catalog).
      List<Entry> entries = entries(summary.locale());
      m.put(
          "entries",
          new java.util.AbstractList<Map<String, Object>>() {
            @Override
            public Map<String, Object> get(int i) {
              return entries.get(i).fields();
            }

            @Override
            public int size() {
              return entries.size();
            }
          });
      locales.add(m);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("sourceLocale", sourceLocale);
    answer.put("templates", templates);
    answer.put("locales", locales);
    answer.put("withoutSource", withoutSource);
    return answer;
  }

  public String sourceLocale() {
    return sourceLocale;
  }

  /** Templates that no status can be given for: they have no source variant. */
  public List<String> withoutSource() {
    return withoutSource;
  }

  /** Every template's state in {@code locale} (empty for an unknown locale). */
  public List<Entry> entries(String locale) {
    return byLocale.getOrDefault(locale, List.of());
  }

  public Map<String, List<Entry>> entries() {
    return byLocale;
  }

  /** The summaries of all locales, or of {@code only} when it is not null. */
  public List<LocaleSummary> summaries(String only) {
    List<LocaleSummary> summaries = new ArrayList<>();
    for (Map.Entry<String, List<Entry>> e : byLocale.entrySet()) {
      if (only == null || only.equals(e.getKey())) {
        summaries.add(summary(e.getKey(), e.getValue()));
      }
    }
    return summaries;
  }

  private static LocaleSummary summary(String locale, List<Entry> entries) {
    int[] counts = new int[State.values().length];
    List<List<String>> ids = new ArrayList<>();
    for (int i = 0; i < State.values().length; i++) {
      ids.add(new ArrayList<>());
    }
    for (Entry e : entries) {
      counts[e.state().ordinal()]++;
      ids.get(e.state().ordinal()).add(e.id());
    }
    int total = entries.size();
    double percent = total == 0 ? 100.0 : 100.0 * counts[State.CURRENT.ordinal()] / total;
    return new LocaleSummary(
        locale,
        total,
        counts[State.CURRENT.ordinal()],
        counts[State.OUTDATED.ordinal()],
        counts[State.UNTRACKED.ordinal()],
        counts[State.MISSING.ordinal()],
        Math.round(percent * 10) / 10.0,
        ids.get(State.OUTDATED.ordinal()),
        ids.get(State.UNTRACKED.ordinal()),
        ids.get(State.MISSING.ordinal()));
  }
}
