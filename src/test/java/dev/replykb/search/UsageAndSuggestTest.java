package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.TemplateId;
import dev.replykb.locale.LocalePreferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage counts (persistence, moderate lift) and as-you-type completions. */
class UsageAndSuggestTest {
  @TempDir Path dir;
  Path templates;
  Path index;

  @BeforeEach
  void setUp() {
    templates = TestCatalogs.copy("shop", dir);
    index = dir.resolve("index");
  }

  private ReplySearch open() throws IOException {
    return ReplySearch.open(new CatalogLoader().load(templates), index);
  }

  private static final TemplateId REFUND = TemplateId.parse("after-sales/refund-status");
  private static final TemplateId RETURN = TemplateId.parse("after-sales/return-request");

  @Test
  void usageSurvivesRestartsAndRebuildsAndIsShownInResults() throws IOException {
    try (ReplySearch search = open()) {
      assertEquals(1, search.usage().record(REFUND, "de"));
      assertEquals(2, search.usage().record(REFUND, "en"));
      assertEquals(Map.of("de", 1L, "en", 1L), search.usage().byLocale(REFUND));
    }
    // A catalog change rebuilds the index; the counts are not index content and stay.
    TestCatalogs.write(templates, "en/thanks/extra.md", "---\ntitle: Extra thanks\n---\nThanks!\n");
    try (ReplySearch search = open()) {
      assertTrue(search.indexRebuilt());
      assertEquals(2, search.usage().total(REFUND));
      assertEquals(2, search.best("refund", LocalePreferences.parse("en")).orElseThrow().uses());
    }
    assertEquals(
        Map.of("after-sales/refund-status", Map.of("de", 1L, "en", 1L)),
        UsageCounts.readFile(index));
    try (Stream<Path> files = Files.list(index)) {
      assertTrue(
          files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")),
          "no temporary file left");
    }
  }

  @Test
  void usageReordersCloseResultsButNeverOvertakesAClearlyBetterMatch() throws IOException {
    try (ReplySearch search = open()) {
      LocalePreferences en = LocalePreferences.parse("en");
      // "refund return": both after-sales templates match about as well.
      List<Reply> before = search.search("refund return", en, null, 2);
      Reply second = before.get(1);
      double gap = before.get(0).score() / second.score();
      for (int i = 0; i < 200; i++) {
        search.usage().record(second.template().id(), "en");
      }
      List<Reply> after = search.search("refund return", en, null, 2);
      if (gap < 1 + ReplySearch.USAGE_LIFT) {
        assertEquals(
            second.template().id(), after.get(0).template().id(), "close: lifted to first");
      } else {
        assertEquals(before.get(0).template().id(), after.get(0).template().id());
      }
      // A clearly better match stays first however often the other is used.
      for (int i = 0; i < 200; i++) {
        search.usage().record(RETURN, "en");
      }
      assertEquals(
          REFUND, search.best("refund status money back", en).orElseThrow().template().id());
    }
  }

  @Test
  void anUnreadableUsageFileIsKeptAsideAndCountingStartsAgain() throws IOException {
    Files.createDirectories(index);
    Files.writeString(index.resolve(UsageCounts.FILE_NAME), "{not json");
    try (ReplySearch search = open()) {
      assertEquals(0, search.usage().total(REFUND));
      assertEquals(1, search.usage().record(REFUND, "en"));
    }
    try (Stream<Path> files = Files.list(index)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("usage.json.corrupt-")));
    }
  }

  @Test
  void completesTitlesTagsAndShortcutsInAnyLanguage() throws IOException {
    try (ReplySearch search = open()) {
      LocalePreferences de = LocalePreferences.parse("de");
      List<ReplySearch.Suggestion> shortcuts = search.suggest("/re", de, 10);
      assertEquals(
          List.of("/refund", "/return", "/review"),
          shortcuts.stream().map(ReplySearch.Suggestion::text).toList());
      ReplySearch.Suggestion german = search.suggest("Liefer", de, 10).get(0);
      assertEquals("Lieferverzögerung - Entschuldigung und Gutschein", german.text());
      assertEquals("title", german.kind());
      // A Chinese prefix completes the Chinese title; the template is served to the German buyer.
      ReplySearch.Suggestion chinese = search.suggest("物流", de, 10).get(0);
      assertEquals("logistics/delay-apology", chinese.id());
      assertEquals("de", chinese.reply().choice().served().toLanguageTag());
      // Traditional input completes Simplified text.
      assertEquals("logistics/address-change", search.suggest("修改收貨", de, 10).get(0).id());
      // Any word of a title, not just the first.
      assertTrue(
          search.suggest("compens", de, 10).stream()
              .anyMatch(s -> s.id().equals("logistics/delay-apology")));
      assertEquals(2, search.suggest("re", de, 2).size());
    }
  }

  @Test
  void refusesEmptyOrOverlongPrefixesAndBadLimits() throws IOException {
    try (ReplySearch search = open()) {
      LocalePreferences en = LocalePreferences.parse("en");
      assertThrows(IllegalArgumentException.class, () -> search.suggest(" ", en, 10));
      assertThrows(IllegalArgumentException.class, () -> search.suggest("a".repeat(101), en, 10));
      assertThrows(IllegalArgumentException.class, () -> search.suggest("re", en, 11));
    }
  }

  @Test
  void resultsCarryACalibratedConfidence() throws IOException {
    try (ReplySearch search = open()) {
      LocalePreferences en = LocalePreferences.parse("en");
      Reply good = search.best("refund status money back", en).orElseThrow();
      assertTrue(good.confidence() > 0 && good.confidence() <= 1);
      assertTrue(good.confident(), () -> "confidence " + good.confidence());
      List<Reply> offTopic = search.search("do you sell gift cards for my gym?", en, null, 3);
      assertTrue(
          offTopic.isEmpty() || !offTopic.get(0).confident(),
          () -> "confidence " + offTopic.get(0).confidence());
    }
  }

  @Test
  void aTextManyVariantsShareIsOneCompletionAndLeavesRoomForOthers(@TempDir Path other)
      throws IOException {
    // Twenty shops' templates share the tag "return label"; one has "return window". Fed once
    // each, both complete "retur" even with room for two: fed twenty times, the shared tag filled
    // every place the lookup had.
    TestCatalogs.write(other, "catalog.yaml", "source-locale: en\n");
    for (int i = 0; i < 20; i++) {
      TestCatalogs.write(
          other,
          String.format(java.util.Locale.ROOT, "en/returns/shop-%02d.md", i),
          "---\ntitle: Label of shop "
              + i
              + "\ntags: [return label]\n---\nWe will send the label today.\n");
    }
    TestCatalogs.write(
        other,
        "en/returns/window.md",
        "---\ntitle: How long it takes\ntags: [return window]\n---\nThirty days.\n");
    Catalog catalog = new CatalogLoader().load(other);
    assertTrue(catalog.problems().isEmpty(), () -> catalog.problems().toString());
    try (Completions completions = Completions.build(null, catalog)) {
      List<String> texts =
          completions.complete("return", 2).stream().map(Completions.Completion::text).toList();
      assertEquals(List.of("return label", "return window"), texts.stream().sorted().toList());
    }
    Completions.TextSet seen = new Completions.TextSet();
    for (int i = 0; i < 50_000; i++) {
      assertTrue(seen.add("text " + i));
    }
    for (int i = 0; i < 50_000; i += 7) {
      assertFalse(seen.add("text " + i), "seen before, across the table's growth");
    }
    assertEquals(50_000, seen.size());
  }

  @Test
  void theCatalogIsWhatTheCompletionsComeFrom() throws IOException {
    Catalog catalog = new CatalogLoader().load(templates);
    try (Completions completions = Completions.build(null, catalog)) {
      assertTrue(completions.complete("zzz", 10).isEmpty());
    }
  }
}
