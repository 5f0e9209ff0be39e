package dev.replykb.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class LexiconTest {
  @Test
  void wordsSharedBetweenLanguagesKnowEachOfThem() {
    Lexicon lexicon =
        Lexicon.of(
            Map.of(
                "fr", Set.of("commande", "colis", "merci"),
                "pt", Set.of("encomenda", "obrigado", "colis"),
                "en", Set.of("order", "parcel")));
    // "colis" is in two lexicons: both bits, nothing else
    assertEquals(lexicon.bit("fr") | lexicon.bit("pt"), lexicon.languagesOf("colis"));
    assertTrue(lexicon.has("fr", "merci"));
    assertFalse(lexicon.has("pt", "merci"));
    assertFalse(lexicon.has("de", "merci"), "a language without words knows none");
    assertEquals(0, lexicon.bit("de"));
    assertFalse(lexicon.knows("bestellung"));
    assertFalse(lexicon.knows("comman"), "a prefix of a word is not a word");
    assertFalse(lexicon.knows("commandes"), "nor a longer word");
    assertFalse(lexicon.knows(""));
    assertEquals(List.of("en", "fr", "pt"), lexicon.languages());
  }

  @Test
  void sourcesOfOneLanguageMergeAndMayReuseTheirBytes() {
    // Terms enumerations hand out one BytesRef they overwrite: the lexicon must copy what it keeps
    List<Lexicon.Source> sources = new ArrayList<>();
    sources.add(new Lexicon.Source("de", reusing("bestellung", "paket", "zustellung")));
    sources.add(new Lexicon.Source("de", reusing("paket", "rücksendung")));
    sources.add(new Lexicon.Source("nl", reusing("bestelling", "pakket")));
    Lexicon lexicon = Lexicon.build(sources);
    for (String word : List.of("bestellung", "paket", "zustellung", "rücksendung")) {
      assertEquals(lexicon.bit("de"), lexicon.languagesOf(word), word);
    }
    assertEquals(lexicon.bit("nl"), lexicon.languagesOf("pakket"));
    assertFalse(lexicon.knows("pake"));
  }

  @Test
  void nonLatinWordsAreOrderedByTheirBytes() {
    // UTF-16 and UTF-8 orders differ for characters beyond the BMP and the private-use area:
    // the transducer needs byte order, which the lexicon sorts by
    Lexicon lexicon =
        Lexicon.of(
            Map.of("xx", Set.of("\uD840\uDC0Bword", "\uFF21word", "zed", "éclair", "заказ")));
    for (String word : List.of("\uD840\uDC0Bword", "\uFF21word", "zed", "éclair", "заказ")) {
      assertTrue(lexicon.has("xx", word), word);
    }
  }

  @Test
  void noWordsKnowsNothing() {
    Lexicon lexicon = Lexicon.of(Map.of("en", Set.of()));
    assertFalse(lexicon.knows("order"));
    assertEquals(0, lexicon.ramBytesUsed());
  }

  @Test
  void languagesBeyondTheBitsShareTheLastOne() {
    Map<String, Set<String>> words = new HashMap<>();
    for (int i = 0; i < 70; i++) {
      words.put(String.format(java.util.Locale.ROOT, "l%02d", i), Set.of("w" + i));
    }
    Lexicon lexicon = Lexicon.of(words);
    assertTrue(lexicon.has("l00", "w0"));
    assertFalse(lexicon.has("l00", "w1"));
    assertTrue(lexicon.has("l65", "w65"));
    // l62 onwards share a bit: a word of one of them counts for all of them, never for l00
    assertTrue(lexicon.has("l65", "w69"));
    assertFalse(lexicon.has("l00", "w69"));
  }

  @Test
  void aWrittenLexiconReadsBackUnderItsKeyOnly(@org.junit.jupiter.api.io.TempDir Path folder)
      throws Exception {
    Lexicon lexicon =
        Lexicon.of(
            Map.of(
                "fr", Set.of("commande", "colis", "merci"),
                "pt", Set.of("encomenda", "colis"),
                "ja", Set.of("ありがとう")));
    Path file = folder.resolve("lexicon.fst");
    lexicon.write(file, "catalog-1");
    Lexicon read = Lexicon.read(file, "catalog-1").orElseThrow();
    assertEquals(lexicon.languages(), read.languages());
    for (String word : List.of("commande", "colis", "merci", "encomenda", "ありがとう", "nada")) {
      assertEquals(lexicon.languagesOf(word), read.languagesOf(word), word);
    }
    assertTrue(read.has("ja", "ありがとう"));
    assertTrue(Lexicon.read(file, "catalog-2").isEmpty(), "written for another catalog");
    assertTrue(Lexicon.read(folder.resolve("none.fst"), "catalog-1").isEmpty());
    assertFalse(
        Files.exists(folder.resolve("lexicon.fst.partial")), "written aside, then moved in place");

    Lexicon empty = Lexicon.of(Map.of());
    empty.write(file, "empty");
    assertFalse(Lexicon.read(file, "empty").orElseThrow().knows("colis"));
  }

  @Test
  void aDamagedLexiconFileIsNotUsed(@org.junit.jupiter.api.io.TempDir Path folder)
      throws Exception {
    Path file = folder.resolve("lexicon.fst");
    Lexicon.of(Map.of("de", Set.of("bestellung", "paket", "rucksendung"))).write(file, "k");
    byte[] good = Files.readAllBytes(file);
    for (int cut : new int[] {0, 3, good.length / 2, good.length - 1}) {
      Files.write(file, java.util.Arrays.copyOf(good, cut));
      assertTrue(Lexicon.read(file, "k").isEmpty(), "cut at " + cut);
    }
    for (int at = 0; at < good.length; at++) {
      byte[] bad = good.clone();
      bad[at] ^= 0x55;
      Files.write(file, bad);
      assertTrue(Lexicon.read(file, "k").isEmpty(), "byte " + at + " flipped");
    }
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
    Files.write(file, longer);
    assertTrue(Lexicon.read(file, "k").isEmpty(), "bytes after the checksum");
  }

  private static java.util.Iterator<BytesRef> reusing(String... words) {
    BytesRef shared = new BytesRef(new byte[64], 0, 0);
    return java.util.Arrays.stream(words)
        .map(
            w -> {
              BytesRef fresh = new BytesRef(w);
              System.arraycopy(fresh.bytes, 0, shared.bytes, 0, fresh.length);
              shared.length = fresh.length;
              return shared;
            })
        .iterator();
  }
}
