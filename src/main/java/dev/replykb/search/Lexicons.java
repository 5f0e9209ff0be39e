package dev.replykb.search;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.LanguageDetector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words each language is known to use, for telling languages apart: the stop words of its
 * analyzer, its terminology and the words of the catalog's variants in it. Folded like {@link
 * LanguageDetector#fold}.
 */
final class Lexicons {
  private Lexicons() {}

  static Map<String, Set<String>> of(
      Catalog catalog, Glossary glossary, LanguageAnalyzers analyzers) {
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
    for (Template template : catalog.templates()) {
      for (Variant variant : template.variants().values()) {
        Set<String> words =
            lexicons.computeIfAbsent(variant.locale().getLanguage(), l -> new HashSet<>());
        for (String text : texts(variant)) {
          addWords(words, text);
        }
      }
    }
    return lexicons;
  }

  private static List<String> texts(Variant variant) {
    List<String> texts = new java.util.ArrayList<>();
    texts.add(variant.title());
    texts.addAll(variant.tags());
    texts.addAll(variant.examples());
    texts.add(variant.body().plainText());
    return texts;
  }

  private static void addWords(Set<String> words, String text) {
    words.addAll(LanguageDetector.words(text));
  }
}
