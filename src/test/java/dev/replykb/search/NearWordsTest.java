package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.CompiledAutomaton;
import org.apache.lucene.util.automaton.LevenshteinAutomata;
import org.junit.jupiter.api.Test;

/**
 * The typo lookup without automata finds what the Levenshtein automaton over the terms found, and
 * chooses among the words as it did: checked against the automaton itself on random vocabularies
 * (small alphabets, so that near words, swaps and repeated letters are common; Latin and Cyrillic).
 */
class NearWordsTest {
  private static final String LATIN = "abcdeilmnorstu";
  private static final String OTHER = "абвгдеклмнорст";

  @Test
  void choosesTheWordTheAutomatonChose() throws IOException {
    Random random = new Random(20261203);
    int found = 0;
    int none = 0;
    for (int round = 0; round < 12; round++) {
      String alphabet = round % 3 == 2 ? OTHER : LATIN;
      Map<String, Integer> vocabulary = new TreeMap<>();
      for (int i = 0; i < 300; i++) {
        vocabulary.put(word(random, alphabet, 1 + random.nextInt(12)), 1 + random.nextInt(4));
      }
      if (round % 4 == 0) {
        // A few words outside the query's script beside the Latin ones.
        vocabulary.put("abécd", 2);
        vocabulary.put("abcdé", 3);
      }
      try (Segment segment = Segment.of(vocabulary)) {
        NearWords words = NearWords.of(segment.terms());
        assertEquals(vocabulary.size(), words.size());
        List<String> queries = new ArrayList<>();
        for (String v : vocabulary.keySet()) {
          if (random.nextInt(5) == 0) {
            queries.add(edit(random, edit(random, v, alphabet), alphabet));
            queries.add(edit(random, v, alphabet));
          }
        }
        for (int i = 0; i < 80; i++) {
          queries.add(word(random, alphabet, 2 + random.nextInt(11)));
        }
        queries.add("abcd");
        for (String query : queries) {
          for (int edits = 1; edits <= 2; edits++) {
            String expected = automatonChoice(query, edits, segment.terms());
            NearWords.Near near = words.closest(query, edits, false);
            assertEquals(expected, near == null ? null : near.word(), query + " within " + edits);
            NearWords.Near any = words.closest(query, edits, true);
            assertEquals(expected == null, any == null, query + " has any within " + edits);
            if (expected == null) {
              none++;
            } else {
              found++;
            }
          }
        }
      }
    }
    assertTrue(found > 700 && none > 700, "both kinds of queries: " + found + ", " + none);
  }

  @Test
  void keepsTheFirstLetterAndPrefersFewerEditsThenMoreDocuments() throws IOException {
    try (Segment segment =
        Segment.of(Map.of("parcel", 1, "parcels", 5, "tracking", 2, "trucking", 2))) {
      NearWords words = NearWords.of(segment.terms());
      assertEquals("parcel", words.closest("parcle", 2, false).word(), "a swap is one edit");
      assertEquals(
          "parcels", words.closest("parcelx", 2, false).word(), "same edits: more documents");
      assertEquals("tracking", words.closest("trakcnig", 2, false).word(), "then term order");
      assertNull(words.closest("barcel", 2, false), "the first letter is kept");
      assertNull(words.closest("parcelsxxx", 2, false), "three letters too many");
      assertNull(words.closest("pumpkin", 2, false));
      assertNull(words.closest("p", 2, false), "a single letter is not looked up");
    }
    assertNull(NearWords.of(null).closest("parcel", 2, false));
  }

  /** The lookup as it was: the automaton over the terms, in term order. */
  private static String automatonChoice(String word, int edits, Terms terms) throws IOException {
    int[] points = word.codePoints().toArray();
    if (points.length < 2) {
      return null;
    }
    boolean ascii = word.chars().allMatch(c -> c < 0x80);
    CompiledAutomaton automaton =
        new CompiledAutomaton(
            new LevenshteinAutomata(
                    java.util.Arrays.copyOfRange(points, 1, points.length),
                    ascii ? 0x7F : Character.MAX_CODE_POINT,
                    true)
                .toAutomaton(edits, new String(points, 0, 1)),
            true,
            false,
            ascii);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int bestFrequency = -1;
    TermsEnum candidates = automaton.getTermsEnum(terms);
    for (BytesRef term = candidates.next(); term != null; term = candidates.next()) {
      String candidate = term.utf8ToString();
      int distance = Typos.distance(word, candidate);
      int frequency = candidates.docFreq();
      if (distance < bestDistance || (distance == bestDistance && frequency > bestFrequency)) {
        best = candidate;
        bestDistance = distance;
        bestFrequency = frequency;
      }
    }
    return best;
  }

  /** One segment whose surface field has the words, each in as many documents as given. */
  private record Segment(ByteBuffersDirectory directory, DirectoryReader reader)
      implements AutoCloseable {
    static Segment of(Map<String, Integer> vocabulary) throws IOException {
      ByteBuffersDirectory directory = new ByteBuffersDirectory();
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
        for (Map.Entry<String, Integer> e : vocabulary.entrySet()) {
          for (int i = 0; i < e.getValue(); i++) {
            Document doc = new Document();
            doc.add(new StringField(ReplySchema.SURFACE, e.getKey(), Field.Store.NO));
            writer.addDocument(doc);
          }
        }
        writer.forceMerge(1);
      }
      return new Segment(directory, DirectoryReader.open(directory));
    }

    Terms terms() throws IOException {
      return reader.leaves().get(0).reader().terms(ReplySchema.SURFACE);
    }

    @Override
    public void close() throws IOException {
      reader.close();
      directory.close();
    }
  }

  private static String word(Random random, String alphabet, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** One random edit after the first letter: insert, delete, substitute or swap neighbours. */
  private static String edit(Random random, String w, String alphabet) {
    if (w.length() < 3) {
      return w + alphabet.charAt(random.nextInt(alphabet.length()));
    }
    int i = 1 + random.nextInt(w.length() - 2);
    char c = alphabet.charAt(random.nextInt(alphabet.length()));
    return switch (random.nextInt(4)) {
      case 0 -> w.substring(0, i) + c + w.substring(i);
      case 1 -> w.substring(0, i) + w.substring(i + 1);
      case 2 -> w.substring(0, i) + c + w.substring(i + 1);
      default -> w.substring(0, i) + w.charAt(i + 1) + w.charAt(i) + w.substring(i + 2);
    };
  }
}
