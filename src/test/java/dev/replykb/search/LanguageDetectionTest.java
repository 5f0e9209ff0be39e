package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.locale.LanguageDetector;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** locale=auto: the language of short buyer messages, with the lexicons a catalog provides. */
class LanguageDetectionTest {
  @TempDir static Path dir;
  static ReplySearch search;
  static LanguageDetector detector;

  @BeforeAll
  static void open() throws IOException {
    search =
        ReplySearch.open(
            new CatalogLoader().load(TestCatalogs.copy("shop", dir)), dir.resolve("index"));
    detector = search.detector();
  }

  @AfterAll
  static void close() throws IOException {
    search.close();
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # settled by the script alone
          包裹到哪里了，怎么还没发货                          | zh-Hans
          包裹到哪裡了，怎麼還沒出貨                          | zh-Hant
          荷物がまだ届きません                                | ja
          배송이 아직 안 왔어요                               | ko
          طلبي ما وصل لحد الآن                                | ar
          พัสดุยังไม่มาถึง                                    | th
          # shared scripts: trigram statistics plus the lexicons
          hi, where is my parcel?? ordered 3 weeks ago        | en
          wo bleibt meine Bestellung, schon 2 Wochen          | de
          j ai recu ma commande mais le verre est casse        | fr
          hola, me llego roto el paquete, que hago            | es
          oi, meu pedido chegou quebrado, e agora             | pt
          ciao, il pacco non è ancora arrivato                | it
          merhaba, siparişim hala gelmedi                     | tr
          chào shop, đơn hàng của mình chưa tới               | vi
          hallo, mijn pakket is nog niet aangekomen           | nl
          где моя посылка, уже месяц жду                      | ru
          де моя посилка, вже місяць чекаю                    | uk
          """)
  void tellsTheLanguageOfShortMessages(String text, String expected) {
    assertEquals(expected, detector.detect(text).orElseThrow().toLanguageTag());
  }

  @Test
  void textWithoutLettersHasNoLanguage() {
    assertTrue(detector.detect("12345 !!! ???").isEmpty());
  }

  @Test
  void pinyinAndGibberishAreWordsNoLexiconKnows() {
    assertEquals(1.0, detector.unknownShare("wuliu yanchi"), 1e-9);
    assertEquals(0.0, detector.unknownShare("where is my refund"), 1e-9);
  }
}
