package dev.replykb.locale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IntsRefBuilder;
import org.apache.lucene.util.fst.FST;
import org.apache.lucene.util.fst.FSTCompiler;
import org.apache.lucene.util.fst.OnHeapFSTStore;
import org.apache.lucene.util.fst.PositiveIntOutputs;
import org.apache.lucene.util.fst.Util;

/**
 * The words each language is known to use, as one finite-state transducer from a folded word to the
 * set of languages that use it.
 *
 * <p>A million-variant catalog has a few million distinct words per language; as Java strings in
 * hash sets they took more than 150 MB of heap and the better part of a minute of garbage
 * collection to build. Lucene's FST shares every prefix and suffix: the same words take a few
 * megabytes in one byte array. A lookup walks the word's bytes, a fraction of a microsecond.
 *
 * <p>Languages are bits of a {@code long} in {@link #languages()} order. Beyond {@value #BITS}
 * languages, the last bit stands for all the rest: {@link #has} then errs towards knowing a word,
 * which only makes two rare languages' coverage look alike.
 *
 * <p>Immutable and thread-safe.
 */
public final class Lexicon {
  /** Bits available to languages in a non-negative {@code long} (the FST's outputs). */
  static final int BITS = 63;

  private static final PositiveIntOutputs OUTPUTS = PositiveIntOutputs.getSingleton();

  private final List<String> languages;
  private final FST<Long> fst;

  private Lexicon(List<String> languages, FST<Long> fst) {
    this.languages = languages;
    this.fst = fst;
  }

  /**
   * A lexicon of the words in {@code words} by language code, folded with {@link
   * LanguageDetector#fold}.
   */
  public static Lexicon of(Map<String, ? extends Collection<String>> words) {
    List<Source> sources = new ArrayList<>();
    words.forEach(
        (language, list) -> {
          TreeSet<BytesRef> sorted = new TreeSet<>();
          list.forEach(w -> sorted.add(new BytesRef(w)));
          sources.add(new Source(language, sorted.iterator()));
        });
    return build(sources);
  }

  /**
   * One language's words in UTF-8 byte order (a Lucene terms enumeration's order), for {@link
   * #build}. Several sources may name the same language. {@code words} may reuse its {@code
   * BytesRef} between calls.
   */
  public record Source(String language, Iterator<BytesRef> words) {}

  /**
   * The lexicon of every source's words: the sources are merged as they are read, so nothing but
   * the transducer is kept.
   */
  public static Lexicon build(List<Source> sources) {
    List<String> languages =
        List.copyOf(new TreeSet<>(sources.stream().map(Source::language).toList()));
    PriorityQueue<Head> heads = new PriorityQueue<>();
    for (Source source : sources) {
      int index = languages.indexOf(source.language());
      Head head = new Head(1L << Math.min(index, BITS - 1), source.words());
      if (head.advance()) {
        heads.add(head);
      }
    }
    try {
      FSTCompiler<Long> compiler = new FSTCompiler.Builder<>(FST.INPUT_TYPE.BYTE1, OUTPUTS).build();
      IntsRefBuilder input = new IntsRefBuilder();
      long added = 0;
      while (!heads.isEmpty()) {
        Head first = heads.poll();
        BytesRef word = BytesRef.deepCopyOf(first.word);
        long mask = first.bit;
        if (first.advance()) {
          heads.add(first);
        }
        while (!heads.isEmpty() && heads.peek().word.bytesEquals(word)) {
          Head same = heads.poll();
          mask |= same.bit;
          if (same.advance()) {
            heads.add(same);
          }
        }
        if (word.length > 0) {
          compiler.add(Util.toIntsRef(word, input), mask);
          added++;
        }
      }
      // An FST of no words has no metadata: such a lexicon knows nothing.
      FST<Long> fst =
          added == 0 ? null : FST.fromFSTReader(compiler.compile(), compiler.getFSTReader());
      return new Lexicon(languages, fst);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // on-heap output: does not happen
    }
  }

  private static final String MAGIC = "replykb-lexicon";

  private static final int VERSION = 1;

  /**
   * Writes the lexicon to {@code file} (replacing it atomically), labelled with {@code key}: what
   * it was built from, for {@link #read} to tell whether it still fits. A server restarting on a
   * million variants reads a few megabytes instead of rebuilding it from the index's terms.
   */
  public void write(Path file, String key) throws IOException {
    // A damaged file is rebuilt, never walked as a transducer: see LabelledFile.
    LabelledFile.write(
        file,
        MAGIC,
        VERSION,
        key,
        out -> {
          out.writeVInt(languages.size());
          for (String language : languages) {
            out.writeString(language);
          }
          out.writeByte((byte) (fst == null ? 0 : 1));
          if (fst != null) {
            fst.save(out, out);
          }
        });
  }

  /**
   * The lexicon {@link #write} wrote to {@code file} with {@code key}; empty when there is none, it
   * was written with another key, or it cannot be read (then it is only rebuilt).
   */
  public static java.util.Optional<Lexicon> read(Path file, String key) {
    LabelledFile.Read read = LabelledFile.read(file, MAGIC, VERSION, key).orElse(null);
    if (read == null) {
      return java.util.Optional.empty();
    }
    try {
      ByteArrayDataInput in = read.in();
      int count = read.count();
      List<String> languages = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        languages.add(in.readString());
      }
      FST<Long> fst = null;
      if (in.readByte() != 0) {
        FST.FSTMetadata<Long> metadata = FST.readMetadata(in, OUTPUTS);
        if (metadata.getNumBytes() != read.length() - in.getPosition()) {
          return java.util.Optional.empty();
        }
        fst =
            FST.fromFSTReader(
                metadata, new OnHeapFSTStore(MAX_BLOCK_BITS, in, metadata.getNumBytes()));
      }
      if (!in.eof()) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new Lexicon(List.copyOf(languages), fst));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** Lucene's default block size for an FST read onto the heap (64-bit JVMs). */
  private static final int MAX_BLOCK_BITS = 30;

  /** The languages, in the order of the bits {@link #languagesOf} returns. */
  public List<String> languages() {
    return languages;
  }

  /** The languages that use {@code word} (folded), as bits in {@link #languages()} order. */
  public long languagesOf(String word) {
    if (fst == null || word.isEmpty()) {
      return 0;
    }
    try {
      Long mask = Util.get(fst, new BytesRef(word));
      return mask == null ? 0 : mask;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // on-heap: does not happen
    }
  }

  /** The bit of {@code language} in {@link #languagesOf}'s answers; 0 for a language it lacks. */
  public long bit(String language) {
    int index = languages.indexOf(language);
    return index < 0 ? 0 : 1L << Math.min(index, BITS - 1);
  }

  /** Whether {@code language}'s words include {@code word} (folded). */
  public boolean has(String language, String word) {
    return (languagesOf(word) & bit(language)) != 0;
  }

  /** Whether some language uses {@code word} (folded). */
  public boolean knows(String word) {
    return languagesOf(word) != 0;
  }

  /** The transducer's size on the heap, in bytes. */
  public long ramBytesUsed() {
    return fst == null ? 0 : fst.ramBytesUsed();
  }

  /** A source's current word and the bit of its language. */
  private static final class Head implements Comparable<Head> {
    final long bit;
    final Iterator<BytesRef> words;
    BytesRef word;

    Head(long bit, Iterator<BytesRef> words) {
      this.bit = bit;
      this.words = words;
    }

    boolean advance() {
      if (!words.hasNext()) {
        return false;
      }
      word = words.next();
      return true;
    }

    @Override
    public int compareTo(Head other) {
      return word.compareTo(other.word);
    }
  }
}
