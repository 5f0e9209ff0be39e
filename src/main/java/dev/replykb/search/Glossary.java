package dev.replykb.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.ibm.icu.util.ULocale;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.DataOutput;

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

  /** As read back from a file {@link #write} wrote: everything already analyzed. */
  private Glossary(Map<String, Map<String, List<String>>> terms) {
    this.terms = terms;
  }

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

  /**
   * The bundled terminology base as analyzed before, from {@code file}, when it was written with
   * this version's files, analysis and libraries; made by {@code analyze} otherwise (and written
   * for the next start). Analyzing it takes every language's analyzer, Japanese, Korean and Chinese
   * dictionaries included: seconds of a start that reading it back takes milliseconds of.
   */
  static Glossary cached(Path file, java.util.function.Supplier<Glossary> analyze) {
    String key = key();
    java.util.Optional<Glossary> read = read(file, key);
    if (read.isPresent()) {
      return read.get();
    }
    Glossary built = analyze.get();
    try {
      built.write(file, key);
    } catch (IOException e) {
      LOG.warn("Writing the analyzed terminology for the next start failed: {}", e.toString());
    }
    return built;
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Glossary.class);

  private static final String MAGIC = "replykb-glossary";

  /** The layout of the file; its content is labelled by {@link #key}. */
  private static final int FORMAT = 1;

  /**
   * What the analyzed terminology depends on: the bundled files' bytes, the analysis version (a
   * change of analysis bumps it, as it rebuilds the index) and the libraries that analyze.
   */
  static String key() {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      for (String language : LANGUAGES) {
        try (InputStream in = Glossary.class.getResourceAsStream(RESOURCES + language + ".yaml")) {
          if (in == null) {
            throw new IllegalStateException("terminology file " + language + ".yaml is missing");
          }
          sha.update(language.getBytes(java.nio.charset.StandardCharsets.UTF_8));
          sha.update(in.readAllBytes());
        }
      }
      return java.util.HexFormat.of().formatHex(sha.digest(), 0, 12)
          + ":"
          + ReplySchema.VERSION
          + ":lucene-"
          + org.apache.lucene.util.Version.LATEST
          + ":icu-"
          + com.ibm.icu.util.VersionInfo.ICU_VERSION;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the terminology files", e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
  }

  /**
   * Writes the analyzed terminology to {@code file} (whole or not at all), labelled {@code key}.
   */
  void write(Path file, String key) throws IOException {
    // A damaged file is analyzed again, never half believed: see LabelledFile.
    dev.replykb.locale.LabelledFile.write(
        file,
        MAGIC,
        FORMAT,
        key,
        out -> {
          out.writeVInt(terms.size());
          for (Map.Entry<String, Map<String, List<String>>> language : terms.entrySet()) {
            out.writeString(language.getKey());
            out.writeVInt(language.getValue().size());
            for (Map.Entry<String, List<String>> concept : language.getValue().entrySet()) {
              out.writeString(concept.getKey());
              writeStrings(out, concept.getValue());
            }
          }
          out.writeVInt(phrases.size());
          for (Map.Entry<String, Map<String, Set<String>>> family : phrases.entrySet()) {
            out.writeString(family.getKey());
            out.writeVInt(longestPhrase.getOrDefault(family.getKey(), 1));
            out.writeVInt(family.getValue().size());
            for (Map.Entry<String, Set<String>> phrase : family.getValue().entrySet()) {
              out.writeString(phrase.getKey());
              writeStrings(out, phrase.getValue());
            }
            writeStrings(out, prefixes.getOrDefault(family.getKey(), Set.of()));
          }
        });
  }

  private static void writeStrings(DataOutput out, java.util.Collection<String> strings)
      throws IOException {
    out.writeVInt(strings.size());
    for (String s : strings) {
      out.writeString(s);
    }
  }

  /**
   * The terminology {@link #write} wrote to {@code file} with {@code key}; empty when there is
   * none, it was written with another key, or it cannot be read (then it is analyzed again).
   */
  static java.util.Optional<Glossary> read(Path file, String key) {
    dev.replykb.locale.LabelledFile.Read read =
        dev.replykb.locale.LabelledFile.read(file, MAGIC, FORMAT, key).orElse(null);
    if (read == null) {
      return java.util.Optional.empty();
    }
    try {
      ByteArrayDataInput in = read.in();
      Map<String, Map<String, List<String>>> terms = new LinkedHashMap<>();
      for (int l = read.count(); l > 0; l--) {
        String language = in.readString();
        Map<String, List<String>> concepts = new LinkedHashMap<>();
        for (int c = read.count(); c > 0; c--) {
          String concept = in.readString();
          concepts.put(concept, List.copyOf(readStrings(read, new ArrayList<>())));
        }
        terms.put(language, Collections.unmodifiableMap(concepts));
      }
      Glossary glossary = new Glossary(Collections.unmodifiableMap(terms));
      for (int f = read.count(); f > 0; f--) {
        String family = in.readString();
        glossary.longestPhrase.put(family, in.readVInt());
        Map<String, Set<String>> byPhrase = new HashMap<>();
        for (int p = read.count(); p > 0; p--) {
          String phrase = in.readString();
          byPhrase.put(phrase, readStrings(read, new TreeSet<>()));
        }
        glossary.phrases.put(family, byPhrase);
        glossary.prefixes.put(family, readStrings(read, new java.util.HashSet<>()));
      }
      if (!in.eof()) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(glossary);
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  private static <C extends java.util.Collection<String>> C readStrings(
      dev.replykb.locale.LabelledFile.Read read, C into) throws IOException {
    for (int i = read.count(); i > 0; i--) {
      into.add(read.in().readString());
    }
    return into;
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
   * mention: at each position the longest term that starts there, and nothing a longer term before
   * it covers. "возврат денег" is a refund, not also a return; "money back" is not also money.
   */
  List<String> concepts(String family, List<String> tokens) {
    Map<String, Set<String>> byPhrase = phrases.get(family);
    if (byPhrase == null || tokens.isEmpty()) {
      return List.of();
    }
    int longest = longestPhrase.getOrDefault(family, 1);
    Set<String> starts = prefixes.getOrDefault(family, Set.of());
    List<String> found = new ArrayList<>();
    int coveredUntil = 0; // tokens before this are part of a term already found
    for (int start = 0; start < tokens.size(); start++) {
      String phrase = tokens.get(start);
      Set<String> match = byPhrase.get(phrase);
      int length = match == null ? 0 : 1;
      if (starts.contains(phrase)) {
        for (int n = 2; n <= longest && start + n <= tokens.size(); n++) {
          phrase = phrase + ' ' + tokens.get(start + n - 1);
          Set<String> concepts = byPhrase.get(phrase);
          if (concepts != null) {
            match = concepts;
            length = n;
          }
          if (!starts.contains(phrase)) {
            break;
          }
        }
      }
      if (match != null && start + length > coveredUntil) {
        found.addAll(match);
        coveredUntil = start + length;
      }
    }
    return found;
  }
}
