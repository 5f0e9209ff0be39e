package dev.replykb.catalog;

import com.ibm.icu.util.ULocale;
import dev.replykb.render.Placeholder;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One instance of each equal value a large catalog repeats in every file: template ids (one per
 * template, not per variant), locales, source hashes (shared by a template's translations),
 * placeholder and omission lists (the same in most variants). A million variants would otherwise
 * keep a million copies of each.
 *
 * <p>Thread-safe: files are read in parallel.
 */
final class Interner {
  private final ConcurrentMap<TemplateId, TemplateId> ids = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ULocale> locales = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, String> strings = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<Placeholder>, List<Placeholder>> placeholders =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, List<String>> lists = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, CatalogLoader.LocaleFolder> folders =
      new ConcurrentHashMap<>();

  /** A locale folder's name parsed once, its locale shared. */
  CatalogLoader.LocaleFolder localeFolder(String tag) {
    return folders.computeIfAbsent(
        tag,
        t -> {
          CatalogLoader.LocaleFolder folder = CatalogLoader.localeFolder(t);
          return folder.locale() == null
              ? folder
              : new CatalogLoader.LocaleFolder(locale(folder.locale()), null);
        });
  }

  // Looked up before computeIfAbsent, which locks a bin whose first entry is another key: readers
  // of a million files met on those locks.

  TemplateId id(TemplateId id) {
    return id == null ? null : shared(ids, id);
  }

  ULocale locale(ULocale locale) {
    return locale == null ? null : locales.computeIfAbsent(locale.toLanguageTag(), k -> locale);
  }

  String string(String s) {
    return s == null ? null : shared(strings, s);
  }

  private static <T> T shared(ConcurrentMap<T, T> map, T value) {
    T known = map.get(value);
    return known != null ? known : map.computeIfAbsent(value, k -> k);
  }

  List<Placeholder> placeholders(List<Placeholder> list) {
    return placeholders.computeIfAbsent(List.copyOf(list), k -> k);
  }

  List<String> list(List<String> list) {
    return list.isEmpty() ? List.of() : lists.computeIfAbsent(List.copyOf(list), k -> k);
  }
}
