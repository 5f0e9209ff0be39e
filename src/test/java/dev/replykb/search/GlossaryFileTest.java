package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyzed terminology written beside the index and read back at the next start. */
class GlossaryFileTest {
  private static LanguageAnalyzers analyzers;
  private static Glossary built;

  @BeforeAll
  static void analyze() {
    analyzers = new LanguageAnalyzers(Glossary.locales());
    built = Glossary.bundled(analyzers);
  }

  @AfterAll
  static void close() {
    analyzers.close();
  }

  @Test
  void readBackItFindsWhatTheAnalyzedOneFinds(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("glossary.bin");
    built.write(file, Glossary.key());
    Glossary read = Glossary.read(file, Glossary.key()).orElseThrow();
    assertEquals(built.terms(), read.terms());
    int checked = 0;
    for (Map.Entry<String, Map<String, List<String>>> language : built.terms().entrySet()) {
      String family = LanguageAnalyzers.familyOf(new ULocale(language.getKey()));
      List<String> all = new ArrayList<>();
      language.getValue().values().forEach(all::addAll);
      for (int i = 0; i < all.size(); i++) {
        // each term alone, and next to the following one: phrases longer than a word, and
        // prefixes that lead nowhere, take the other path of the lookup
        for (String text : List.of(all.get(i), all.get(i) + " " + all.get((i + 1) % all.size()))) {
          List<String> tokens = ReplySchema.tokens(analyzers.analyzer(family), "t", text);
          assertEquals(
              built.concepts(family, tokens), read.concepts(family, tokens), family + ": " + text);
          checked++;
        }
      }
    }
    assertTrue(checked > 1000, "every term of every language: " + checked);
    assertFalse(Files.exists(folder.resolve("glossary.bin.partial")), "moved in place whole");
  }

  @Test
  void anotherKeyADamagedOrACutFileIsNotUsed(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("glossary.bin");
    built.write(file, "k1");
    assertTrue(Glossary.read(file, "k1").isPresent());
    assertTrue(Glossary.read(file, "k2").isEmpty(), "written by another version");
    assertTrue(Glossary.read(folder.resolve("none.bin"), "k1").isEmpty());
    byte[] good = Files.readAllBytes(file);
    java.util.Random random = new java.util.Random(3);
    for (int n = 0; n < 20; n++) {
      byte[] bad = good.clone();
      int at = random.nextInt(bad.length);
      bad[at] ^= (byte) (1 + random.nextInt(255));
      Files.write(file, bad);
      assertTrue(Glossary.read(file, "k1").isEmpty(), "a byte flipped at " + at);
    }
    Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
    assertTrue(Glossary.read(file, "k1").isEmpty(), "cut in half");
    Files.write(file, new byte[3]);
    assertTrue(Glossary.read(file, "k1").isEmpty(), "three bytes");
  }

  @Test
  void cachedAnalyzesOnlyWhenTheFileCannotServe(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("index").resolve("glossary.bin");
    AtomicInteger analyzed = new AtomicInteger();
    java.util.function.Supplier<Glossary> analyze =
        () -> {
          analyzed.incrementAndGet();
          return built;
        };
    assertSame(built, Glossary.cached(file, analyze), "no file yet: analyzed");
    assertTrue(Files.isRegularFile(file), "and written, its folder made");
    Glossary again = Glossary.cached(file, analyze);
    assertEquals(1, analyzed.get(), "read back, not analyzed again");
    assertEquals(built.terms(), again.terms());
    Files.write(file, new byte[] {1, 2, 3});
    assertSame(built, Glossary.cached(file, analyze), "damaged: analyzed again");
    assertEquals(2, analyzed.get());
    assertTrue(Glossary.read(file, Glossary.key()).isPresent(), "and rewritten");
  }

  @Test
  void theKeyNamesTheAnalysisAndLibraryVersions() {
    String key = Glossary.key();
    assertEquals(key, Glossary.key(), "the same files give the same key");
    assertTrue(key.contains(":" + ReplySchema.VERSION + ":"), key);
    assertTrue(key.contains("lucene-" + org.apache.lucene.util.Version.LATEST), key);
  }
}
