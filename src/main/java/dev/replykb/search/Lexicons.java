package dev.replykb.search;

import com.ibm.icu.util.ULocale;
import dev.replykb.locale.LanguageDetector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The words each language is known to use without any catalog, for telling languages apart: the
 * stop words of its analyzer and its terminology, folded like {@link LanguageDetector#fold}. The
 * catalog's own words join them in the index's lexicon ({@link ReplyIndex#lexicon}).
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

  private static void addWords(Set<String> words, String text) {
    words.addAll(LanguageDetector.words(text));
  }
}
