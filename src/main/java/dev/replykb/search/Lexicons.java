package dev.replykb.search;

import com.ibm.icu.util.ULocale;
import dev.replykb.locale.LanguageDetector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The words each language is known to use, for telling languages apart: the stop words of its
 * analyzer, its terminology and the words of the catalog's variants in it. Folded like {@link
 * LanguageDetector#fold}.
 */
final class Lexicons {
  private Lexicons() {}

  /**
   * The words each language is known to use without any catalog: its terminology, and its
   * analyzer's stop words.
   */
  static Map<String, Set<String>> fixed(Glossary glossary, LanguageAnalyzers analyzers) {
    Map<String, Set<String>> lexicons = new HashMap<>();
    glossary
        .terms()
        .forEach(
            (language, concepts) -> {
              Set<String> words = lexicons.computeIfAbsent(language, l -> new HashSet<>());
              concepts.values().forEach(terms -> terms.forEach(t -> addWords(words, t)));
              String family = LanguageAnalyzers.familyOf(new ULocale(language));
              if (family.equals(language)) {
                analyzers.stopWords(family).forEach(w -> addWords(words, w));
              }
            });
    return lexicons;
  }

  /** {@code fixed} and the words of the catalog's variants in each language ({@code catalog}). */
  static Map<String, Set<String>> of(
      Map<String, Set<String>> fixed, Map<String, Set<String>> catalog) {
    Map<String, Set<String>> lexicons = new HashMap<>();
    fixed.forEach((language, words) -> lexicons.put(language, new HashSet<>(words)));
    catalog.forEach(
        (language, words) ->
            lexicons.computeIfAbsent(language, l -> new HashSet<>()).addAll(words));
    return lexicons;
  }

  private static void addWords(Set<String> words, String text) {
    words.addAll(LanguageDetector.words(text));
  }
}
