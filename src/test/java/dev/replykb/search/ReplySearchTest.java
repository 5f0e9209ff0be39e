package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.TemplateId;
import dev.replykb.locale.LocalePreferences;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search over the fixture catalog {@code catalogs/shop}, end to end but without HTTP. */
class ReplySearchTest {
  @TempDir static Path dir;
  static ReplySearch search;

  @BeforeAll
  static void open() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    search = ReplySearch.open(new CatalogLoader().load(root), dir.resolve("index"));
  }

  @AfterAll
  static void close() throws IOException {
    search.close();
  }

  private static Reply best(String q, String locale) throws IOException {
    return search
        .best(q, LocalePreferences.parse(locale))
        .orElseThrow(() -> new AssertionError("no match for " + q));
  }

  @Test
  void explainSaysWhatAQueryReadsByKindOfField() throws IOException {
    List<String> lines = search.explain("Lieferverzögerung Gutschein", 3);
    String reads =
        lines.stream()
            .filter(l -> l.startsWith("reads: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no reads line in " + lines));
    // Both words are German: the German fields are read, and the concepts they stand for.
    assertTrue(reads.contains("concept "), reads);
    assertTrue(reads.contains("title "), reads);
    java.util.regex.Matcher total =
        java.util.regex.Pattern.compile("reads: ([\\d,]+) terms, ([\\d,]+) postings")
            .matcher(reads);
    assertTrue(total.find(), reads);
    long terms = Long.parseLong(total.group(1).replace(",", ""));
    long postings = Long.parseLong(total.group(2).replace(",", ""));
    // The kinds add up to the totals.
    java.util.regex.Matcher kind =
        java.util.regex.Pattern.compile("([a-z]+) ([\\d,]+)(?: terms)? / ([\\d,]+)").matcher(reads);
    long sumTerms = 0;
    long sumPostings = 0;
    while (kind.find()) {
      sumTerms += Long.parseLong(kind.group(2).replace(",", ""));
      sumPostings += Long.parseLong(kind.group(3).replace(",", ""));
    }
    assertEquals(terms, sumTerms, reads);
    assertEquals(postings, sumPostings, reads);
    // The fixture has one German variant with each word in its title, at least: never nothing.
    assertTrue(postings > 0, reads);
  }

  @Test
  void readsLineListsKindsByPostingsMostFirst() {
    java.util.SortedMap<String, long[]> byKind = new java.util.TreeMap<>();
    byKind.put("body", new long[] {2, 2837});
    byKind.put("concept", new long[] {12, 748007});
    byKind.put("tags", new long[] {2, 6363});
    assertEquals(
        "reads: 16 terms, 757,207 postings (concept 12 terms / 748,007, tags 2 / 6,363,"
            + " body 2 / 2,837)",
        ReplySearch.reads(byKind));
  }

  @Test
  void aChineseQueryServesTheGermanVariant() throws IOException {
    Reply reply = best("物流延迟 补偿", "de-AT");
    assertEquals("logistics/delay-apology", reply.template().id().toString());
    assertEquals("de", reply.choice().served().toLanguageTag());
    assertFalse(reply.choice().fallback());
    assertTrue(reply.variant().title().startsWith("Lieferverzögerung"));
  }

  @Test
  void aGermanQueryServesTheJapaneseVariant() throws IOException {
    Reply reply = best("Retoure zurückschicken", "ja");
    assertEquals("after-sales/return-request", reply.template().id().toString());
    // return-request has no ja variant: the fallback locale, flagged.
    assertEquals("en", reply.choice().served().toLanguageTag());
    assertTrue(reply.choice().fallback());
  }

  @Test
  void aJapaneseQueryFindsItsTemplate() throws IOException {
    Reply reply = best("商品が届かない 遅延", "ja-JP");
    assertEquals("logistics/delay-apology", reply.template().id().toString());
    assertEquals("ja", reply.choice().served().toLanguageTag());
  }

  @Test
  void aTraditionalQueryFindsATemplateThatExistsOnlyInSimplified() throws IOException {
    // address-change has zh-Hans but no zh-Hant variant.
    Reply reply = best("修改收貨地址", "zh-CN");
    assertEquals("logistics/address-change", reply.template().id().toString());
    assertEquals("zh-Hans", reply.choice().served().toLanguageTag());
  }

  @Test
  void aSimplifiedQueryFindsATemplateThatExistsOnlyInTraditional() throws IOException {
    // refund-status has zh-Hant but no zh-Hans variant.
    Reply reply = best("退款进度", "zh-TW");
    assertEquals("after-sales/refund-status", reply.template().id().toString());
    assertEquals("zh-Hant", reply.choice().served().toLanguageTag());
    assertNull(reply.choice().convertedFrom());
  }

  @Test
  void aTaiwanBuyerGetsSimplifiedConvertedToTraditional() throws IOException {
    Reply reply = best("改地址", "zh-TW");
    assertEquals("logistics/address-change", reply.template().id().toString());
    assertEquals("zh-Hant", reply.choice().served().toLanguageTag());
    assertEquals("zh-Hans", reply.choice().convertedFrom().toLanguageTag());
    assertEquals("修改收貨地址", reply.variant().title());
    assertTrue(reply.variant().body().pattern().startsWith("親，把新的收貨地址發給我們"));
    // The converted body keeps its placeholders.
    assertEquals("orderId", reply.variant().body().placeholders().get(0).name());
  }

  @Test
  void aSimplifiedReaderGetsTraditionalConvertedToSimplified() throws IOException {
    Reply reply = best("退款", "zh-CN");
    assertEquals("after-sales/refund-status", reply.template().id().toString());
    assertEquals("zh-Hans", reply.choice().served().toLanguageTag());
    assertEquals("退款进度查询", reply.variant().title());
  }

  @Test
  void anExactShortcutRanksItsTemplateFirst() throws IOException {
    // "return" is also a word of the return template; the shortcut must still win for /refund.
    assertEquals("after-sales/refund-status", best("/refund", "en").template().id().toString());
    assertEquals("logistics/delay-apology", best("/DELAY", "de").template().id().toString());
  }

  @Test
  void resultsAreGroupedByTemplateBestFirst() throws IOException {
    List<Reply> replies = search.search("refund return", LocalePreferences.parse("de"), null, 10);
    List<String> ids = replies.stream().map(r -> r.template().id().toString()).toList();
    assertEquals(ids.stream().distinct().toList(), ids, "each template once");
    for (int i = 1; i < replies.size(); i++) {
      assertTrue(replies.get(i - 1).score() >= replies.get(i).score());
    }
    assertTrue(ids.contains("after-sales/refund-status"));
    assertTrue(ids.contains("after-sales/return-request"));
  }

  @Test
  void filtersByCategoryAndLimits() throws IOException {
    List<Reply> replies =
        search.search("refund return delay", LocalePreferences.parse("en"), "after-sales", 10);
    assertTrue(replies.stream().allMatch(r -> r.template().id().category().equals("after-sales")));
    // The filter narrows the matches; it does not add the category's other templates.
    List<Reply> logistics = search.search("refund", LocalePreferences.parse("en"), "logistics", 10);
    assertEquals(List.of(), logistics);
    assertEquals(
        1, search.search("refund return delay", LocalePreferences.parse("en"), null, 1).size());
  }

  @Test
  void queryTextIsWordsNeverQuerySyntax() throws IOException {
    // Lucene syntax characters are just punctuation here: no exception, no wildcard expansion.
    assertEquals(
        "after-sales/refund-status",
        best("refund* AND (money OR \"back\") ~2 ^3 [a TO z]", "en").template().id().toString());
    assertTrue(search.search("*", LocalePreferences.parse("en"), null, 10).isEmpty());
  }

  @Test
  void nothingMatchesGibberish() throws IOException {
    assertTrue(search.best("qqqzzzx", LocalePreferences.parse("en")).isEmpty());
  }

  @Test
  void refusesEmptyAndOverlongQueriesAndBadLimits() {
    LocalePreferences en = LocalePreferences.parse("en");
    assertThrows(IllegalArgumentException.class, () -> search.search(" ", en, null, 10));
    assertThrows(
        IllegalArgumentException.class, () -> search.search("a".repeat(1001), en, null, 10));
    assertThrows(IllegalArgumentException.class, () -> search.search("refund", en, null, 0));
    assertThrows(IllegalArgumentException.class, () -> search.search("refund", en, null, 101));
  }

  @Test
  void aLongPastedMessageInManyScriptsIsAnswered() throws IOException {
    String message = "Hello, 你好, こんにちは, здравствуйте, where is my refund? ".repeat(30);
    assertEquals(
        "after-sales/refund-status",
        search
            .best(message.substring(0, 1000), LocalePreferences.parse("en"))
            .orElseThrow()
            .template()
            .id()
            .toString());
  }

  @Test
  void showsOneTemplateInTheBuyersVariant() {
    Reply reply =
        search
            .template(
                TemplateId.parse("after-sales/return-request"), LocalePreferences.parse("pt-PT"))
            .orElseThrow();
    assertEquals("pt-BR", reply.choice().served().toLanguageTag());
    assertTrue(Float.isNaN(reply.score()));
  }
}
