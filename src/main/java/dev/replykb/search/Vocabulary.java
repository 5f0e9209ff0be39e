package dev.replykb.search;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;

/**
 * The words the catalog's domain is written in: every word of its variants and of the terminology
 * base, minus every language's stop words. A buyer message made of such words is about what the
 * catalog answers; one about passwords, newsletters or a city's name is not.
 *
 * <p>Immutable and thread-safe.
 */
final class Vocabulary {
  private final Set<String> words = new HashSet<>();
  private final Set<String> stopWords = new HashSet<>();
  private final Analyzer surface = new FallbackAnalyzer();
  private final java.util.function.Predicate<String> inCatalog;

  /**
   * @param inCatalog whether a surface word is one of the catalog's: a lookup in the index, so that
   *     nothing here grows with the catalog or is rebuilt when it changes
   */
  Vocabulary(
      Glossary glossary,
      LanguageAnalyzers analyzers,
      java.util.function.Predicate<String> inCatalog) {
    this.inCatalog = inCatalog;
    // The stop words are analysed as one text a line each, not a token stream per word: the same
    // words (checked for every language's list), a tenth of a server's start less. Not the
    // terminology: the digits of "3Q" after a Chinese line would join the Han run, and split.
    StringBuilder stops = new StringBuilder();
    for (String family : analyzers.families()) {
      for (String word : analyzers.stopWords(family)) {
        stops.append(word).append('\n');
      }
    }
    stopWords.addAll(surfaceWords(stops.toString()));
    glossary
        .terms()
        .values()
        .forEach(concepts -> concepts.values().forEach(terms -> terms.forEach(this::add)));
    words.removeAll(stopWords);
  }

  private boolean domainWord(String surfaceWord) {
    return words.contains(surfaceWord) || inCatalog.test(surfaceWord);
  }

  private void add(String text) {
    words.addAll(surfaceWords(text));
  }

  /** Unstemmed, folded words of a text in any script, as the surface field has them. */
  List<String> surfaceWords(String text) {
    return ReplySchema.tokens(surface, ReplySchema.SURFACE, text);
  }

  /**
   * The surface words of the text this thread asked about last: a search asks three times about its
   * query (typos, domain share, coverage), and each analysis is an ICU segmentation.
   */
  private final ThreadLocal<Surface> lastQuery = new ThreadLocal<>();

  private record Surface(String text, List<String> words) {}

  /** The surface words of a search's query: segmented once for all that a search asks. */
  List<String> queryWords(String text) {
    Surface last = lastQuery.get();
    if (last != null && last.text().equals(text)) {
      return last.words();
    }
    List<String> words = List.copyOf(surfaceWords(text));
    lastQuery.set(new Surface(text, words));
    return words;
  }

  /** The words of a text that carry meaning: stop words and numbers aside, each once. */
  List<String> contentWords(String text) {
    return queryWords(text).stream()
        .filter(w -> !stopWords.contains(w) && !w.chars().allMatch(Character::isDigit))
        .distinct()
        .toList();
  }

  /** True for a word the catalog or a stop list spells exactly so: not a typo. */
  boolean knows(String surfaceWord) {
    return stopWords.contains(surfaceWord) || domainWord(surfaceWord);
  }

  /** The share of the text's content words (stop words aside) that the domain uses; 0 if none. */
  double share(String text) {
    return share(text, word -> false);
  }

  /**
   * As {@link #share(String)}, counting as known also the words {@code nearlyKnown} accepts: a typo
   * of a domain word is a domain word.
   */
  double share(String text, java.util.function.Predicate<String> nearlyKnown) {
    List<String> all = queryWords(text);
    int content = 0;
    int known = 0;
    for (String word : all) {
      if (stopWords.contains(word) || word.chars().allMatch(Character::isDigit)) {
        continue;
      }
      content++;
      if (domainWord(word) || nearlyKnown.test(word)) {
        known++;
      }
    }
    return content == 0 ? 0 : (double) known / content;
  }
}
