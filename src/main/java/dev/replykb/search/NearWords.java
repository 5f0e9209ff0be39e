package dev.replykb.search;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * The words of one segment's surface field, for typo lookups: the words within one or two edits of
 * a word, first letter kept, as a Levenshtein automaton with swaps of neighbours over the terms
 * would find them, without building the automaton. Building one was most of a lookup (a tenth of a
 * search), and most words looked up in buyer messages are not typos but words no template uses, for
 * which it found nothing.
 *
 * <p>A catalog's vocabulary is small (about 19,000 surface words at 100k variants, 43,000 at a
 * million: shops' copies of a template share their words), so each segment keeps its words with
 * their first letter, length and document frequency, sorted by first letter and length. A lookup
 * reads the words of its first letter within its length's reach, and rules most out with two 64-bit
 * signatures of what follows the first letter: the letters it contains and the letter pairs it
 * contains, each hashed to one bit. An edit adds at most one letter and removes at most one, and
 * destroys or creates at most three letter pairs (a swap of neighbours: the pair swapped and its
 * two neighbours), so a word {@code k} edits away lacks at most {@code k} of the other's letter
 * bits and {@code 3k} of its pair bits, and has at most as many it lacks; a hashed bit only ever
 * hides a difference. The few words left are measured exactly (restricted Damerau-Levenshtein, the
 * automaton's distance).
 *
 * <p>Immutable, so thread-safe; made once per segment.
 */
final class NearWords {
  /** Per word, sorted: {@code firstCodePoint << 32 | length of the rest in code points}. */
  private final long[] keys;

  private final long[] letters;
  private final long[] pairs;

  /** Per word, as {@link #keys}: its place in term order. */
  private final int[] ords;

  /** In term order. */
  private final String[] words;

  private final int[] docFreqs;

  private NearWords(
      long[] keys, long[] letters, long[] pairs, int[] ords, String[] words, int[] docFreqs) {
    this.keys = keys;
    this.letters = letters;
    this.pairs = pairs;
    this.ords = ords;
    this.words = words;
    this.docFreqs = docFreqs;
  }

  /** The words of a segment's surface field ({@code null}: none). */
  static NearWords of(Terms terms) throws IOException {
    int capacity = terms == null ? 0 : (int) Math.min(Math.max(terms.size(), 16), 1 << 24);
    String[] words = new String[capacity];
    int[] docFreqs = new int[capacity];
    int n = 0;
    if (terms != null) {
      TermsEnum all = terms.iterator();
      for (BytesRef term = all.next(); term != null; term = all.next()) {
        if (n == words.length) {
          words = Arrays.copyOf(words, n * 2);
          docFreqs = Arrays.copyOf(docFreqs, n * 2);
        }
        words[n] = term.utf8ToString();
        docFreqs[n] = all.docFreq();
        n++;
      }
    }
    words = Arrays.copyOf(words, n);
    docFreqs = Arrays.copyOf(docFreqs, n);
    Signature[] signatures = new Signature[n];
    for (int i = 0; i < n; i++) {
      signatures[i] = Signature.of(words[i], i);
    }
    // Stable on term order within a key: a lookup meets a key's words in term order.
    Arrays.sort(signatures, (a, b) -> Long.compare(a.key, b.key));
    long[] keys = new long[n];
    long[] letters = new long[n];
    long[] pairs = new long[n];
    int[] ords = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = signatures[i].key;
      letters[i] = signatures[i].letters;
      pairs[i] = signatures[i].pairs;
      ords[i] = signatures[i].ord;
    }
    return new NearWords(keys, letters, pairs, ords, words, docFreqs);
  }

  /** How many words the segment has. */
  int size() {
    return words.length;
  }

  /** A word of the segment near the one looked up. */
  record Near(String word, int distance, int docFreq, int ord) {
    /** Fewest edits first, then the most documents, then term order. */
    boolean betterThan(Near other) {
      return other == null
          || distance < other.distance
          || (distance == other.distance
              && (docFreq > other.docFreq || (docFreq == other.docFreq && ord < other.ord)));
    }
  }

  /**
   * The segment's closest word within {@code edits} edits of {@code word} (its first letter kept):
   * fewest edits ({@link Typos#distance}) first, then the most documents, then term order; with
   * {@code any}, the first word found. Null when there is none. An ASCII word only finds ASCII
   * words, as the byte automaton over an ASCII alphabet did.
   */
  Near closest(String word, int edits, boolean any) {
    int[] query = word.codePoints().toArray();
    if (query.length < 2) {
      return null;
    }
    Signature signature = Signature.of(word, -1);
    boolean ascii = isAscii(word);
    long first = signature.key & 0xFFFF_FFFF_0000_0000L;
    int length = query.length - 1;
    int pairEdits = 3 * edits;
    Near best = null;
    for (int l = Math.max(0, length - edits); l <= length + edits; l++) {
      long key = first | l;
      for (int i = lowerBound(key); i < keys.length && keys[i] == key; i++) {
        if (Long.bitCount(signature.letters & ~letters[i]) > edits
            || Long.bitCount(letters[i] & ~signature.letters) > edits
            || Long.bitCount(signature.pairs & ~pairs[i]) > pairEdits
            || Long.bitCount(pairs[i] & ~signature.pairs) > pairEdits) {
          continue;
        }
        String candidate = words[ords[i]];
        if (ascii && !isAscii(candidate)) {
          continue;
        }
        if (!withinAfterFirst(query, candidate, edits)) {
          continue;
        }
        Near near =
            new Near(candidate, Typos.distance(word, candidate), docFreqs[ords[i]], ords[i]);
        if (any) {
          return near;
        }
        if (near.betterThan(best)) {
          best = near;
        }
      }
    }
    return best;
  }

  /**
   * Whether {@code candidate}, after its first code point, is within {@code edits} insertions,
   * deletions, substitutions and swaps of neighbours (each part edited once) of {@code query}'s.
   */
  static boolean withinAfterFirst(int[] query, String candidate, int edits) {
    int[] b = candidate.codePoints().toArray();
    int n = query.length - 1;
    int m = b.length - 1;
    if (m < 0 || Math.abs(n - m) > edits) {
      return false;
    }
    // Rows of the restricted Damerau-Levenshtein table over the parts after the first letter.
    int[] before = new int[m + 1];
    int[] previous = new int[m + 1];
    int[] current = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      current[0] = i;
      int rowMin = i;
      int a = query[i];
      for (int j = 1; j <= m; j++) {
        int c = b[j];
        int d =
            Math.min(
                Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a == c ? 0 : 1));
        if (i > 1 && j > 1 && a == b[j - 1] && query[i - 1] == c) {
          d = Math.min(d, before[j - 2] + 1);
        }
        current[j] = d;
        rowMin = Math.min(rowMin, d);
      }
      if (rowMin > edits) {
        return false;
      }
      int[] t = before;
      before = previous;
      previous = current;
      current = t;
    }
    return previous[m] <= edits;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private int lowerBound(long key) {
    int lo = 0;
    int hi = keys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A word's first code point and rest length, and the signatures of its rest. */
  private record Signature(long key, long letters, long pairs, int ord) {
    static Signature of(String word, int ord) {
      if (word.isEmpty()) {
        return new Signature(0, 0, 0, ord);
      }
      int first = word.codePointAt(0);
      long letters = 0;
      long pairs = 0;
      int length = 0;
      int previous = -1;
      for (int i = Character.charCount(first); i < word.length(); ) {
        int p = word.codePointAt(i);
        i += Character.charCount(p);
        length++;
        letters |= 1L << letterBit(p);
        if (previous >= 0) {
          pairs |= 1L << (mix(previous * 0x9E3779B1L + p) >>> 58);
        }
        previous = p;
      }
      return new Signature((long) first << 32 | length, letters, pairs, ord);
    }

    /** a–z and 0–9 each their own bit, other letters hashed to the remaining 28. */
    private static int letterBit(int p) {
      if (p >= 'a' && p <= 'z') {
        return p - 'a';
      }
      if (p >= '0' && p <= '9') {
        return 26 + p - '0';
      }
      return 36 + (int) ((mix(p) >>> 1) % 28);
    }

    private static long mix(long x) {
      x *= 0xBF58476D1CE4E5B9L;
      x ^= x >>> 31;
      x *= 0x94D049BB133111EBL;
      return x ^ (x >>> 29);
    }
  }
}
