package dev.replykb.locale;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.internal.Constant;
import com.github.pemistahl.lingua.internal.Ngram;
import com.github.pemistahl.lingua.internal.TestDataLanguageModel;
import com.github.pemistahl.lingua.internal.TrainingDataLanguageModel;
import it.unimi.dsi.fastutil.objects.Object2FloatMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lingua's low-accuracy confidence values ({@code computeLanguageConfidenceValues}), with its own
 * models, its own rules and the same arithmetic, looked up in one table of every language instead
 * of one map per language.
 *
 * <p>Lingua scores a text by its trigrams, each looked up in each candidate language's model (and
 * its bigram, then its letter, where that language lacks it): a 60-letter message in a Latin script
 * is some 1,700 lookups in 22 hash maps of strings, nearly all of them misses of the CPU's caches,
 * about 150 µs, a fifth of a search at 100k variants. Here an n-gram is one lookup, of a number
 * packed from its letters, that answers for every language at once. The sums are taken in Lingua's
 * order, in its precision ({@code float}, each term {@code (float) ln p}), so the values are the
 * same to the bit ({@code NgramModelsTest} compares them on every text it has); what Lingua does
 * before and after the sums (cleaning the text, its rules for letters only some languages have,
 * summing up, relative confidence) is Lingua's own code, called as it calls it.
 *
 * <p>The table is about 13 MB for the 28 languages, where Lingua's maps of the same models take
 * some 40 MB; it is built once per process, from the models in Lingua's jar, read by Lingua's own
 * reader. Thread-safe.
 */
final class NgramModels {
  /**
   * N-gram lengths of Lingua's low-accuracy mode: trigrams, falling back to bigrams and letters.
   */
  private static final String[] FILES = {"unigrams", "bigrams", "trigrams"};

  private final Language[] languages;
  private final EnumMap<Language, Integer> index = new EnumMap<>(Language.class);

  /** Open addressing: a slot's packed n-gram (0 when empty) and where its languages' run starts. */
  private final long[] keys;

  private final int[] starts;
  private final byte[] counts;
  private final int mask;

  /** Runs of (language index, {@code (float) ln p}), one run per n-gram. */
  private final byte[] runLanguages;

  private final float[] runLogs;

  private NgramModels(Set<Language> languages) {
    this.languages = languages.toArray(new Language[0]);
    if (this.languages.length > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("at most 127 languages");
    }
    for (int i = 0; i < this.languages.length; i++) {
      index.put(this.languages[i], i);
    }
    // Every (n-gram, language, ln p), read with Lingua's reader so the floats are Lingua's; the
    // languages' files side by side.
    List<float[]> logsByLanguage = new java.util.ArrayList<>();
    List<long[]> keysByLanguage = new java.util.ArrayList<>();
    java.util.stream.IntStream.range(0, this.languages.length)
        .parallel()
        .mapToObj(l -> entries(this.languages[l]))
        .toList()
        .forEach(
            e -> {
              keysByLanguage.add(e.keys());
              logsByLanguage.add(e.logs());
            });
    int size = keysByLanguage.stream().mapToInt(k -> k.length).sum();
    long[] sorted = new long[size];
    int at = 0;
    for (long[] k : keysByLanguage) {
      System.arraycopy(k, 0, sorted, at, k.length);
      at += k.length;
    }
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < size; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    int capacity = Integer.highestOneBit(Math.max(2, distinct) * 2 - 1) << 1; // load <= 1/2
    keys = new long[capacity];
    starts = new int[capacity];
    counts = new byte[capacity];
    mask = capacity - 1;
    // Each n-gram's slot and how many languages have it; then the runs laid out slot by slot.
    for (long[] k : keysByLanguage) {
      for (long key : k) {
        int slot = slot(key);
        keys[slot] = key;
        counts[slot]++;
      }
    }
    for (int slot = 0, next = 0; slot < capacity; slot++) {
      starts[slot] = next;
      next += counts[slot];
    }
    runLanguages = new byte[size];
    runLogs = new float[size];
    byte[] filled = new byte[capacity];
    for (int l = 0; l < this.languages.length; l++) {
      long[] k = keysByLanguage.get(l);
      float[] logs = logsByLanguage.get(l);
      for (int i = 0; i < k.length; i++) {
        int slot = find(k[i]);
        int to = starts[slot] + filled[slot]++;
        runLanguages[to] = (byte) l;
        runLogs[to] = logs[i];
      }
    }
  }

  /** One language's n-grams (packed) and their {@code (float) ln p}. */
  private record Entries(long[] keys, float[] logs) {}

  private static Entries entries(Language language) {
    long[] keys = new long[1 << 12];
    float[] logs = new float[keys.length];
    int size = 0;
    for (String file : FILES) {
      Object2FloatMap<String> model = read(language, file);
      for (Object2FloatMap.Entry<String> e : model.object2FloatEntrySet()) {
        float p = e.getFloatValue();
        if (!(p > 0)) {
          continue; // Lingua skips what is not above zero, and so falls back
        }
        if (size == keys.length) {
          keys = Arrays.copyOf(keys, size * 2);
          logs = Arrays.copyOf(logs, size * 2);
        }
        keys[size] = pack(e.getKey());
        logs[size] = (float) Math.log(p);
        size++;
      }
    }
    return new Entries(Arrays.copyOf(keys, size), Arrays.copyOf(logs, size));
  }

  private static volatile NgramModels shared;

  /** The table of {@code languages}, built on first use and kept for the process. */
  static NgramModels of(Set<Language> languages) {
    NgramModels models = shared;
    if (models == null || !models.index.keySet().equals(languages)) {
      synchronized (NgramModels.class) {
        models = shared;
        if (models == null || !models.index.keySet().equals(languages)) {
          models = new NgramModels(languages);
          shared = models;
        }
      }
    }
    return models;
  }

  private static Object2FloatMap<String> read(Language language, String file) {
    String path = "/language-models/" + language.getIsoCode639_1() + "/" + file + ".json";
    try (InputStream in = Language.class.getResourceAsStream(path)) {
      if (in == null) {
        return new it.unimi.dsi.fastutil.objects.Object2FloatOpenHashMap<>();
      }
      return TrainingDataLanguageModel.Companion.fromJson(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Lingua's model " + path + " could not be read", e);
    }
  }

  /** An n-gram of one to three UTF-16 units as one number: its length, then its units. */
  private static long pack(CharSequence ngram) {
    int length = ngram.length();
    if (length < 1 || length > 3) {
      throw new IllegalArgumentException("not a uni-, bi- or trigram: " + ngram);
    }
    long key = (long) length << 48;
    for (int i = 0; i < length; i++) {
      key |= (long) ngram.charAt(i) << (32 - 16 * i);
    }
    return key;
  }

  private int hash(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
  }

  /** The slot of {@code key}, or the empty slot it would take. */
  private int slot(long key) {
    int slot = hash(key);
    while (keys[slot] != 0 && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** The slot of {@code key}, or -1. */
  private int find(long key) {
    for (int slot = hash(key); ; slot = (slot + 1) & mask) {
      long k = keys[slot];
      if (k == key) {
        return slot;
      }
      if (k == 0) {
        return -1;
      }
    }
  }

  /** Sets {@code logs[language]} for each language that has the n-gram in {@code slot}. */
  private void apply(int slot, float[] logs) {
    if (slot < 0) {
      return;
    }
    for (int i = starts[slot], end = i + counts[slot]; i < end; i++) {
      logs[runLanguages[i]] = runLogs[i];
    }
  }

  /**
   * What {@code lingua.computeLanguageConfidenceValues(text)} answers for a detector of this
   * table's languages in low-accuracy mode, by language (unordered).
   */
  Map<Language, Double> confidenceValues(
      com.github.pemistahl.lingua.api.LanguageDetector lingua, String text) {
    Map<Language, Double> values = new EnumMap<>(Language.class);
    String cleaned = lingua.cleanUpInputText$lingua(text);
    if (cleaned.isEmpty() || Constant.INSTANCE.getNO_LETTER().matches(cleaned)) {
      return values;
    }
    List<String> words = lingua.splitTextIntoWords$lingua(cleaned);
    Language byRules = lingua.detectLanguageWithRules$lingua(words);
    if (byRules != Language.UNKNOWN) {
      values.put(byRules, 1.0);
      return values;
    }
    Set<Language> filtered = lingua.filterLanguagesByRules$lingua(words);
    if (filtered.size() == 1) {
      values.put(filtered.iterator().next(), 1.0);
      return values;
    }
    if (cleaned.length() < 3) {
      return values;
    }
    int[] candidates = new int[filtered.size()];
    int n = 0;
    for (Language language : filtered) {
      candidates[n++] = index.get(language);
    }
    float[] sums = new float[languages.length];
    float[] logs = new float[languages.length];
    for (Ngram ngram : TestDataLanguageModel.Companion.fromText(cleaned, 3).getNgrams()) {
      String value = ngram.getValue();
      // The letter, then the bigram, then the trigram: each longer one a language has wins.
      Arrays.fill(logs, Float.NaN);
      for (int length = 1; length <= value.length(); length++) {
        apply(find(pack(value.subSequence(0, length))), logs);
      }
      for (int c : candidates) {
        float log = logs[c];
        if (log == log) {
          sums[c] += log;
        }
      }
    }
    // Lingua's computeLanguageProbabilities keeps the negative sums, in its languages' order.
    Map<Language, Float> probabilities = new LinkedHashMap<>();
    for (Language language : filtered) {
      float sum = sums[index.get(language)];
      if (sum < 0) {
        probabilities.put(language, sum);
      }
    }
    Map<Language, Float> summed =
        lingua.sumUpProbabilities$lingua(List.of(probabilities), Map.of(), filtered);
    Float highest = null;
    for (Float p : summed.values()) {
      if (highest == null || Float.compare(p, highest) > 0) {
        highest = p;
      }
    }
    if (highest == null) {
      return values;
    }
    for (Map.Entry<Language, Float> e : summed.entrySet()) {
      values.put(e.getKey(), (double) (highest / e.getValue()));
    }
    return values;
  }
}
