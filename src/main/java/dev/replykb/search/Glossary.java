package dev.replykb.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.ibm.icu.util.ULocale;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;

/**
 * The terminology base: concepts of e-commerce customer service (a refund, a parcel held at
 * customs, a wrong size) and the words each language names them with.
 *
 * <p>Text is tagged with the concepts it mentions, by matching the analyzed terms of its language
 * against its analyzed tokens, so inflections and accents match as the search itself does. Concepts
 * are language-neutral: a German query's concepts find an English or Japanese reply even where the
 * template has no German variant. See {@code glossary/README.md}.
 *
 * <p>Immutable and thread-safe once built.
 */
final class Glossary {
  static final String RESOURCES = "/dev/replykb/search/glossary/";

  /** The languages of the bundled terminology base, one {@code <code>.yaml} each. */
  static final List<String> LANGUAGES =
      List.of(
          "en", "zh", "ja", "ko", "de", "fr", "es", "pt", "it", "nl", "pl", "ru", "ar", "tr", "vi",
          "id");

  /**
   * Concepts that name the subject of almost any message rather than what the buyer wants; see
   * {@code ReplySchema.GENERAL_CONCEPT_WEIGHT}.
   */
  static final Set<String> GENERAL =
      Set.of("order", "parcel", "item", "shop", "greeting", "arrive");

  /** Terms by concept, by language code, as written in the files. */
  private final Map<String, Map<String, List<String>>> terms;

  /** Analyzed term (tokens joined by a space) to concepts, by analysis family. */
  private final Map<String, Map<String, Set<String>>> phrases = new HashMap<>();

  private final Map<String, Integer> longestPhrase = new HashMap<>();

  /** Every proper prefix of a longer phrase, by family: where extending a phrase can pay off. */
  private final Map<String, Set<String>> prefixes = new HashMap<>();

  private Glossary(Map<String, Map<String, List<String>>> terms, LanguageAnalyzers analyzers) {
    this.terms = terms;
    for (Map.Entry<String, Map<String, List<String>>> language : terms.entrySet()) {
      String family = LanguageAnalyzers.familyOf(new ULocale(language.getKey()));
      Analyzer analyzer = analyzers.analyzer(family);
      Map<String, Set<String>> byPhrase = phrases.computeIfAbsent(family, f -> new HashMap<>());
      for (Map.Entry<String, List<String>> concept : language.getValue().entrySet()) {
        for (String term : concept.getValue()) {
          List<String> tokens = List.copyOf(ReplySchema.tokens(analyzer, "glossary", term));
          if (tokens.isEmpty()) {
            continue; // a term made of stop words only
          }
          byPhrase
              .computeIfAbsent(String.join(" ", tokens), k -> new TreeSet<>())
              .add(concept.getKey());
          longestPhrase.merge(family, tokens.size(), Math::max);
          Set<String> starts = prefixes.computeIfAbsent(family, f -> new java.util.HashSet<>());
          for (int n = 1; n < tokens.size(); n++) {
            starts.add(String.join(" ", tokens.subList(0, n)));
          }
        }
      }
    }
  }

  /** The bundled terminology base, its terms analyzed with {@code analyzers}. */
  static Glossary bundled(LanguageAnalyzers analyzers) {
    return new Glossary(load(), analyzers);
  }

  /** The bundled files as written: terms by concept by language. */
  static Map<String, Map<String, List<String>>> load() {
    YAMLMapper yaml = new YAMLMapper();
    Map<String, Map<String, List<String>>> byLanguage = new LinkedHashMap<>();
    for (String language : LANGUAGES) {
      try (InputStream in = Glossary.class.getResourceAsStream(RESOURCES + language + ".yaml")) {
        if (in == null) {
          throw new IllegalStateException("terminology file " + language + ".yaml is missing");
        }
        Map<String, List<String>> concepts =
            yaml.readValue(in, new TypeReference<LinkedHashMap<String, List<String>>>() {});
        byLanguage.put(language, Collections.unmodifiableMap(concepts));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read terminology file " + language + ".yaml", e);
      }
    }
    return Collections.unmodifiableMap(byLanguage);
  }

  /** The language locales of the terminology base, whose analyzers the glossary needs. */
  static List<ULocale> locales() {
    return LANGUAGES.stream().map(ULocale::new).toList();
  }

  /** Terms by concept, by language code. */
  Map<String, Map<String, List<String>>> terms() {
    return terms;
  }

  /**
   * The concepts that {@code tokens} (text analyzed by the family's analyzer) mention, once per
   * mention, longest phrase first at each position.
   */
  List<String> concepts(String family, List<String> tokens) {
    Map<String, Set<String>> byPhrase = phrases.get(family);
    if (byPhrase == null || tokens.isEmpty()) {
      return List.of();
    }
    int longest = longestPhrase.getOrDefault(family, 1);
    Set<String> starts = prefixes.getOrDefault(family, Set.of());
    List<String> found = new ArrayList<>();
    for (int start = 0; start < tokens.size(); start++) {
      String phrase = tokens.get(start);
      Set<String> single = byPhrase.get(phrase);
      if (!starts.contains(phrase)) {
        // The common case: no longer term starts with this word.
        if (single != null) {
          found.addAll(single);
        }
        continue;
      }
      Set<String> seenHere = new LinkedHashSet<>();
      if (single != null) {
        seenHere.addAll(single);
      }
      for (int length = 2; length <= longest && start + length <= tokens.size(); length++) {
        phrase = phrase + ' ' + tokens.get(start + length - 1);
        Set<String> concepts = byPhrase.get(phrase);
        if (concepts != null) {
          seenHere.addAll(concepts);
        }
        if (!starts.contains(phrase)) {
          break;
        }
      }
      found.addAll(seenHere);
    }
    return found;
  }
}
