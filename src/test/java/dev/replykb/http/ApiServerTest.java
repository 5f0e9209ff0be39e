package dev.replykb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.search.ReplySearch;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API over the fixture catalog, through a real server on a random port. */
class ApiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
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

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode json(Response response) throws IOException {
    return JSON.readTree(response.body().string());
  }

  /** Something to do with a client of a started app. */
  interface ClientTest {
    void run(HttpClient client) throws Exception;
  }

  /** Runs {@code test} against the real app on a random port. */
  private static void withServer(ClientTest test) {
    Javalin app = ApiServer.create(search);
    JavalinTest.test(app, (server, client) -> test.run(client));
  }

  @Test
  void aStatusOfEveryLocaleTooLargeToAnswerAsksForOneLocale() {
    // The test catalog's status of every locale has more than one entry: a limit of 1
    // stands for a million-variant catalog's, whose answer would not fit in the heap
    int templates = search.catalog().templates().size();
    Javalin app =
        ApiServer.create(
            () -> search, Access.open(), dev.replykb.translate.SourceHistory.none(), 1);
    JavalinTest.test(
        app,
        (server, client) -> {
          Response all = client.get("/api/translations");
          assertEquals(413, all.code());
          JsonNode error = json(all);
          assertEquals("too_large", error.get("error").asText(), error.toString());
          assertTrue(error.get("message").asText().contains("?locale="), error.toString());
          // One locale is answered: every template once, nothing of the other locales
          Response de = client.get("/api/translations?locale=de");
          assertEquals(200, de.code());
          JsonNode locales = json(de).get("locales");
          assertEquals(1, locales.size());
          assertEquals("de", locales.get(0).get("locale").asText());
          assertEquals(templates, locales.get(0).get("entries").size());
        });
  }

  @Test
  void bestAnswersInTheBuyersLocaleWhateverTheQueryLanguage() {
    withServer(
        client -> {
          Response response = client.get("/api/best?q=" + q("物流延迟 补偿") + "&locale=de-AT");
          assertEquals(200, response.code());
          JsonNode body = json(response);
          assertEquals("logistics/delay-apology", body.get("id").asText());
          assertEquals("de", body.get("locale").asText());
          assertEquals("de-AT", body.get("requestedLocale").asText());
          assertFalse(body.get("fallback").asBoolean());
          assertTrue(body.get("convertedFrom").isNull());
          assertEquals("logistics", body.get("category").asText());
          assertEquals("email", body.get("channel").asText());
          assertEquals("formal", body.get("tone").asText());
          assertTrue(body.get("title").asText().startsWith("Lieferverzögerung"));
          assertTrue(body.get("body").asText().startsWith("Guten Tag {customer}"));
          assertEquals("customer", body.get("placeholders").get(0).get("name").asText());
          assertEquals("plural", body.get("placeholders").get(2).get("type").asText());
          assertTrue(body.get("score").asDouble() > 0);
        });
  }

  @Test
  void bestServesTraditionalToTaiwanAndFallsBackForSwahili() {
    withServer(
        client -> {
          JsonNode tw = json(client.get("/api/best?q=" + q("改地址") + "&locale=zh-TW"));
          assertEquals("zh-Hant", tw.get("locale").asText());
          assertEquals("zh-Hans", tw.get("convertedFrom").asText());
          assertFalse(tw.get("fallback").asBoolean());
          JsonNode sw = json(client.get("/api/best?q=" + q("物流延迟 补偿") + "&locale=sw"));
          assertEquals("en", sw.get("locale").asText());
          assertTrue(sw.get("fallback").asBoolean());
        });
  }

  @Test
  void theLocaleComesFromAcceptLanguageWhenNotGiven() {
    withServer(
        client -> {
          Response response =
              client.get(
                  "/api/best?q=" + q("Retoure"),
                  request -> request.header("Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5"));
          assertEquals("ru", json(response).get("locale").asText());
          // No parameter and no header: the fallback locale.
          assertEquals(
              "en", json(client.get("/api/best?q=" + q("Retoure"))).get("locale").asText());
          // The parameter wins over the header.
          Response both =
              client.get(
                  "/api/best?q=" + q("Retoure") + "&locale=pt-BR",
                  request -> request.header("Accept-Language", "ru"));
          assertEquals("pt-BR", json(both).get("locale").asText());
        });
  }

  @Test
  void searchReturnsTemplatesBestFirstWithinTheLimit() {
    withServer(
        client -> {
          JsonNode body =
              json(client.get("/api/search?q=" + q("refund return delay") + "&locale=de&limit=2"));
          JsonNode results = body.get("results");
          assertEquals(2, results.size());
          assertTrue(
              results.get(0).get("score").asDouble() >= results.get(1).get("score").asDouble());
          JsonNode filtered =
              json(client.get("/api/search?q=" + q("refund return delay") + "&category=logistics"))
                  .get("results");
          // Only templates of the category that match the words: not every logistics template.
          assertEquals(1, filtered.size());
          assertEquals("logistics/delay-apology", filtered.get(0).get("id").asText());
          assertEquals(0, json(client.get("/api/search?q=qqqzzz")).get("results").size());
        });
  }

  @Test
  void templatesShowsOneTemplateAndItsLocales() {
    withServer(
        client -> {
          Response response = client.get("/api/templates/logistics/delay-apology?locale=ja");
          assertEquals(200, response.code());
          JsonNode body = json(response);
          assertEquals("ja", body.get("locale").asText());
          assertEquals("[\"de\",\"en\",\"ja\",\"zh-Hans\"]", body.get("locales").toString());
          assertTrue(body.get("score").isNull());
          assertEquals("配送遅延", body.get("tags").get(0).asText());
        });
  }

  @Test
  void renderFillsVariablesWithTheLocalesPluralsAndListsWhatIsMissing() {
    withServer(
        client -> {
          Response response =
              client.post(
                  "/api/render",
                  "{\"id\":\"after-sales/return-request\",\"locale\":\"ru\",\"variables\":{\"customer\":\"Анна\",\"days\":14}}");
          assertEquals(200, response.code());
          JsonNode body = json(response);
          assertEquals("ru", body.get("locale").asText());
          assertEquals(
              "Здравствуйте, Анна! На возврат у Вас есть 14 дней: {returnUrl}.",
              body.get("text").asText());
          assertEquals("[\"returnUrl\"]", body.get("missing").toString());
          JsonNode date =
              json(
                  client.post(
                      "/api/render",
                      "{\"id\":\"after-sales/refund-status\",\"locale\":\"zh-TW\",\"variables\":{\"customer\":\"林小姐\",\"orderId\":\"TW-1\",\"refundDate\":\"2026-03-05\"}}"));
          assertEquals("林小姐您好，訂單TW-1已於2026年3月5日完成刷退。", date.get("text").asText());
        });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /                 | text/html       | <input id="q"
          /translate        | text/html       | <table id="matrix"
          /assets/agent.js  | text/javascript | /api/search
          /assets/app.css   | text/css        | :lang(ja)
          """)
  void thePagesComeFromTheJarAndLoadNothingFromElsewhere(String path, String type, String content) {
    withServer(
        client -> {
          Response response = client.get(path);
          assertEquals(200, response.code(), path);
          assertTrue(response.headers().get("Content-Type").get(0).startsWith(type));
          String policy = response.headers().get("Content-Security-Policy").get(0);
          assertTrue(policy.contains("default-src 'self'"), policy);
          String text = response.body().string();
          assertTrue(text.contains(content), text);
          // No CDN, web font or script from another host.
          assertFalse(text.matches("(?s).*(src|href)=\"https?://.*"), path);
        });
  }

  @Test
  void anUnknownAssetIsAJsonNotFound() {
    withServer(
        client -> {
          for (String path : new String[] {"/assets/nothing.js", "/assets/agent.html"}) {
            Response response = client.get(path);
            assertEquals(404, response.code(), path);
            assertEquals("not_found", json(response).get("error").asText());
          }
        });
  }

  @Test
  void localesCountsVariantsAndHealthReportsTheCatalog() {
    withServer(
        client -> {
          JsonNode locales = json(client.get("/api/locales"));
          assertEquals("en", locales.get("fallbackLocale").asText());
          JsonNode first = locales.get("locales").get(0);
          assertEquals("de", first.get("locale").asText());
          assertEquals("German", first.get("name").asText());
          assertEquals("Deutsch", first.get("nativeName").asText());
          assertEquals(2, first.get("variants").asInt());
          JsonNode health = json(client.get("/health"));
          assertEquals("ok", health.get("status").asText());
          assertEquals(5, health.get("templates").asInt());
          assertEquals(13, health.get("variants").asInt());
          assertEquals(0, json(client.get("/api/catalog/problems")).get("count").asInt());
        });
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET  | /api/best                                      | 400 | bad_request
          GET  | /api/best?q=                                   | 400 | bad_request
          GET  | /api/best?q=%20%20                             | 400 | bad_request
          GET  | /api/best?q=refund&locale=zh_CN                | 400 | bad_request
          GET  | /api/best?q=refund&locale=                     | 400 | bad_request
          GET  | /api/best?q=refund&locale=en;q=7               | 400 | bad_request
          GET  | /api/best?q=qqqzzz                             | 404 | no_match
          GET  | /api/search?q=refund&limit=0                   | 400 | limit_exceeded
          GET  | /api/search?q=refund&limit=101                 | 400 | limit_exceeded
          GET  | /api/search?q=refund&limit=ten                 | 400 | bad_request
          GET  | /api/search?q=refund&category=../etc           | 400 | bad_request
          GET  | /api/search?locale=de                          | 400 | bad_request
          GET  | /api/templates/logistics/nothing-here          | 404 | not_found
          GET  | /api/templates/logistics                       | 404 | not_found
          GET  | /api/templates/Logistics/Delay                 | 400 | bad_request
          GET  | /api/templates/logistics/delay-apology?locale=x_Y | 400 | bad_request
          GET  | /api/nothing                                   | 404 | not_found
          DELETE | /api/best?q=refund                           | 405 | method_not_allowed
          """)
  void badInputGetsAJsonError(String method, String path, int status, String code) {
    withServer(
        client -> {
          Response response =
              client.request(
                  path,
                  request -> {
                    if (method.equals("DELETE")) {
                      request.delete(java.net.http.HttpRequest.BodyPublishers.noBody());
                    } else {
                      request.get();
                    }
                  });
          assertEquals(status, response.code(), path);
          String text = response.body().string();
          JsonNode body = JSON.readTree(text);
          assertEquals(code, body.get("error").asText(), text);
          assertFalse(body.get("message").asText().isBlank());
          assertFalse(text.contains("Exception"), text);
          assertFalse(text.contains("\tat "), text);
        });
  }

  @Test
  void aCatalogWithBrokenFilesServesTheRestAndListsTheProblems() throws IOException {
    Path root = TestCatalogs.copy("shop", dir.resolve("broken"));
    TestCatalogs.write(
        root, "de/thanks/review-thanks.md", "---\ntitle: Danke\n---\nDanke {customer\n");
    TestCatalogs.write(root, "fr/Thanks/merci.md", "---\ntitle: Merci\n---\nMerci\n");
    try (ReplySearch broken =
        ReplySearch.open(new CatalogLoader().load(root), dir.resolve("broken-index"))) {
      JavalinTest.test(
          ApiServer.create(broken),
          (server, client) -> {
            JsonNode problems = json(client.get("/api/catalog/problems"));
            assertEquals(2, problems.get("count").asInt());
            JsonNode first = problems.get("problems").get(0);
            assertEquals("de/thanks/review-thanks.md", first.get("file").asText());
            assertEquals(4, first.get("line").asInt());
            assertTrue(first.get("reason").asText().startsWith("invalid ICU message"));
            assertEquals(
                "fr/Thanks/merci.md", problems.get("problems").get(1).get("file").asText());
            assertEquals(2, json(client.get("/health")).get("problems").asInt());
            // The valid files are served.
            assertEquals(200, client.get("/api/best?q=refund").code());
          });
    }
  }

  @Test
  void autoRepliesInTheLanguageOfTheMessageAndSaysWhichItDetected() {
    withServer(
        client -> {
          JsonNode body =
              json(
                  client.get(
                      "/api/best?q="
                          + q("Retoure, wie kann ich das zurückschicken?")
                          + "&locale=auto"));
          assertEquals("after-sales/return-request", body.get("id").asText(), body.toString());
          assertEquals("de", body.get("detectedLocale").asText());
          assertEquals("de", body.get("locale").asText());
          JsonNode search =
              json(client.get("/api/search?q=" + q("хочу вернуть товар") + "&locale=auto"));
          assertEquals("ru", search.get("detectedLocale").asText());
          assertEquals("ru", search.get("results").get(0).get("locale").asText());
        });
  }

  @Test
  void resultsCarryConfidenceAndUses() {
    withServer(
        client -> {
          JsonNode first = json(client.get("/api/search?q=refund")).get("results").get(0);
          double confidence = first.get("confidence").asDouble();
          assertTrue(confidence > 0 && confidence <= 1, first.toString());
          assertTrue(first.has("uses"));
        });
  }

  @Test
  void anOffTopicMessageGetsNoConfidentMatchWithTheNearestCandidates() {
    withServer(
        client -> {
          Response response =
              client.get(
                  "/api/best?q="
                      + q("do you sell gift cards for my gym membership?")
                      + "&locale=en");
          assertEquals(404, response.code());
          JsonNode body = json(response);
          assertEquals("no_confident_match", body.get("error").asText());
          assertTrue(body.get("candidates").isArray());
        });
  }

  @Test
  void recordsThatATemplateWasSent() {
    withServer(
        client -> {
          Response response =
              client.post(
                  "/api/templates/after-sales/refund-status/used", "{\"locale\":\"de-AT\"}");
          assertEquals(201, response.code());
          JsonNode body = json(response);
          assertEquals("after-sales/refund-status", body.get("id").asText());
          assertEquals("de-AT", body.get("locale").asText());
          long uses = body.get("uses").asLong();
          assertTrue(uses >= 1);
          // Without a body the locale is unknown, still counted.
          assertEquals(
              uses + 1,
              json(client.post("/api/templates/after-sales/refund-status/used"))
                  .get("uses")
                  .asLong());
          assertEquals(404, client.post("/api/templates/after-sales/nothing/used", "{}").code());
          assertEquals(
              400,
              client
                  .post("/api/templates/after-sales/refund-status/used", "{\"locale\":\"x_Y\"}")
                  .code());
          assertEquals(
              400, client.post("/api/templates/after-sales/refund-status/used", "{oops").code());
          assertEquals(
              400,
              client
                  .post("/api/templates/after-sales/refund-status/used", "{\"lang\":\"de\"}")
                  .code());
        });
  }

  @Test
  void suggestCompletesWhatTheAgentTypes() {
    withServer(
        client -> {
          JsonNode body = json(client.get("/api/suggest?prefix=" + q("物流") + "&locale=de"));
          JsonNode first = body.get("suggestions").get(0);
          assertEquals("logistics/delay-apology", first.get("id").asText());
          assertEquals("zh-Hans", first.get("textLocale").asText());
          assertEquals("de", first.get("locale").asText());
          assertTrue(first.get("title").asText().startsWith("Lieferverzögerung"));
          assertEquals(
              "/refund",
              json(client.get("/api/suggest?prefix=/ref"))
                  .get("suggestions")
                  .get(0)
                  .get("text")
                  .asText());
          assertEquals(400, client.get("/api/suggest").code());
          assertEquals(400, client.get("/api/suggest?prefix=" + "a".repeat(101)).code());
          assertEquals(400, client.get("/api/suggest?prefix=re&limit=11").code());
        });
  }

  @Test
  void theLongestQueryAllowedFitsInTheUrlInEveryScript() {
    // 1,000 Chinese characters are 9 KB of URL: past Jetty's default request line and headers.
    withServer(
        client -> {
          Response response = client.get("/api/search?q=" + q("物".repeat(1000)));
          assertEquals(200, response.code());
        });
  }

  @Test
  void anOverlongQueryIsRefused() {
    withServer(
        client -> {
          Response response = client.get("/api/best?q=" + "a".repeat(1001));
          assertEquals(400, response.code());
          assertTrue(json(response).get("message").asText().contains("at most 1000"));
        });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          {"id":"logistics/delay-apology",                                 | 400 | malformed JSON
          not json at all                                                  | 400 | malformed JSON
          {"locale":"de"}                                                  | 400 | 'id' is required
          {"id":"logistics/delay-apology","variabels":{}}                  | 400 | unknown field 'variabels'
          {"id":"nope"}                                                    | 400 | exactly one '/'
          {"id":"logistics/nope"}                                          | 404 | no template
          {"id":"logistics/delay-apology","locale":"zz_ZZ"}                | 400 | not a valid BCP 47
          {"id":"logistics/delay-apology","variables":{"days":"many"}}     | 400 | must be a number
          {"id":"logistics/delay-apology","variables":{"days":[1,2]}}      | 400 | must be a string, a number or a boolean
          {"id":"logistics/delay-apology","variables":"days"}              | 400 | malformed JSON
          """)
  void badRenderRequestsGetAJsonError(String body, int status, String message) {
    withServer(
        client -> {
          Response response = client.post("/api/render", body);
          assertEquals(status, response.code(), body);
          JsonNode json = json(response);
          assertTrue(json.get("message").asText().contains(message), json.toString());
        });
  }

  @Test
  void anOversizedBodyIsRefused() {
    withServer(
        client -> {
          String big =
              "{\"id\":\"logistics/delay-apology\",\"variables\":{\"x\":\""
                  + "a".repeat(70_000)
                  + "\"}}";
          Response response = client.post("/api/render", big);
          assertEquals(413, response.code());
          assertEquals("too_large", json(response).get("error").asText());
        });
  }
}
