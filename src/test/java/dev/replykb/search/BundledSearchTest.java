package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.locale.LocalePreferences;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an agent gets from the bundled catalog, as the README promises it. */
class BundledSearchTest {
  @TempDir static Path dir;
  static ReplySearch search;

  @BeforeAll
  static void open() throws IOException {
    search =
        ReplySearch.open(new CatalogLoader().load(TestCatalogs.bundled()), dir.resolve("index"));
  }

  @AfterAll
  static void close() throws IOException {
    search.close();
  }

  private static Reply best(String q, String locale) throws IOException {
    return search.best(q, LocalePreferences.parse(locale)).orElseThrow();
  }

  @Test
  void aChineseAgentGetsTheGermanLateParcelApology() throws IOException {
    Reply reply = best("物流延迟 补偿", "de-AT");
    assertEquals("logistics/delay-apology", reply.template().id().toString());
    assertEquals("de", reply.choice().served().toLanguageTag());
    assertFalse(reply.choice().fallback());
  }

  @Test
  void aTaiwaneseBuyerGetsTraditionalChinese() throws IOException {
    Reply reply = best("物流延迟 补偿", "zh-TW");
    assertEquals("logistics/delay-apology", reply.template().id().toString());
    assertEquals("zh-Hant", reply.choice().served().toLanguageTag());
  }

  @Test
  void aSwahiliBuyerGetsTheEnglishFallback() throws IOException {
    Reply reply = best("物流延迟 补偿", "sw");
    assertEquals("en", reply.choice().served().toLanguageTag());
    assertTrue(reply.choice().fallback());
  }

  @ParameterizedTest(name = "{0} ({1}) -> {2} in {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          改地址                   | zh-TW  | logistics/address-change    | zh-Hant
          地址填錯了               | zh-CN  | logistics/address-change    | zh-Hans
          退款進度                 | zh-CN  | after-sales/refund-status   | zh-Hans
          tracking number          | ja     | logistics/tracking-number   | ja
          Sendungsnummer           | de-CH  | logistics/tracking-number   | de
          damaged                  | fr-CA  | after-sales/damaged-item    | fr
          /holiday                 | es-MX  | thanks/holiday-greeting     | es
          /newin                   | ar-EG  | thanks/repeat-customer      | en
          """)
  void findsTheRightTemplateInTheRightLocale(String q, String locale, String id, String served)
      throws IOException {
    Reply reply = best(q, locale);
    assertEquals(id, reply.template().id().toString());
    assertEquals(served, reply.choice().served().toLanguageTag());
  }
}
