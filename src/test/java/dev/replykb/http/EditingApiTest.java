package dev.replykb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.SourceHistory;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Translators editing over HTTP: tokens, ETags, checks before writing, search right after. */
class EditingApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A translator's token, made for each test's server. */
  String token;

  @TempDir Path dir;
  Path root;
  ReplySearch search;
  Javalin app;
  String base;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    root = TestCatalogs.copy("shop", dir);
    search = ReplySearch.open(new CatalogLoader().load(root), dir.resolve("index"));
    SourceHistory history = new SourceHistory(dir.resolve("index/source-history"));
    search.addUpdateListener(history::record);
    Path tokens = dir.resolve("tokens.txt");
    token = AccessTokens.issue(tokens, "tester", "translator", null);
    app =
        ApiServer.create(search, Access.tokens(AccessTokens.read(tokens), 1000), history)
            .start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() throws IOException {
    app.stop();
    search.close();
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = Requests.of(method, base + path, body, headers);
    boolean authorized = false;
    for (int i = 0; i < headers.length; i += 2) {
      authorized |= headers[i].equals("Authorization");
    }
    if (!authorized && (method.equals("GET") || method.equals("POST"))) {
      // Reads need a token too; writes without one are what some tests are about.
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String germanReturn(String line) {
    return "{\"title\":\"Rücksendung eines Artikels\",\"tags\":[\"Retoure\",\"Rücksendung\"],\"tone\":\"formal\","
        + "\"body\":\"Guten Tag {customer}, "
        + line
        + " Sie haben {days, plural, one {# Tag} other {# Tage}} Zeit: {returnUrl}.\"}";
  }

  /** A translator saves the German return reply with {@code line} in it, with its current ETag. */
  private HttpResponse<String> saveGerman(String line) throws Exception {
    String path = "/api/templates/after-sales/return-request/de";
    return send(
        "PUT",
        path,
        germanReturn(line),
        "Authorization",
        "Bearer " + token,
        "If-Match",
        etag(path));
  }

  private String etag(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null);
    assertEquals(200, response.statusCode(), response.body());
    return response.headers().firstValue("ETag").orElseThrow();
  }

  @Test
  void aTranslatorUpdatesAVariantWithItsEtagAndSearchSeesItAtOnce() throws Exception {
    String path = "/api/templates/after-sales/return-request/de";
    String etag = etag(path);
    HttpResponse<String> put =
        send(
            "PUT",
            path,
            germanReturn("Xylophonversand ist kostenlos."),
            "Authorization",
            "Bearer " + token,
            "If-Match",
            etag);
    assertEquals(200, put.statusCode(), put.body());
    JsonNode body = JSON.readTree(put.body());
    assertEquals("de/after-sales/return-request.md", body.get("file").asText());
    assertNotEquals(etag, body.get("etag").asText());
    assertEquals(put.headers().firstValue("ETag").orElseThrow(), body.get("etag").asText());
    // The translation records the source it was made from.
    assertTrue(
        Files.readString(root.resolve("de/after-sales/return-request.md"))
            .contains("source-hash: " + body.get("sourceHash").asText()));
    // Searchable before the PUT returned.
    JsonNode results =
        JSON.readTree(
                send(
                        "GET",
                        "/api/search?q="
                            + URLEncoder.encode("Xylophonversand", StandardCharsets.UTF_8)
                            + "&locale=de",
                        null)
                    .body())
            .get("results");
    assertEquals("after-sales/return-request", results.get(0).get("id").asText());
    assertTrue(results.get(0).get("body").asText().contains("Xylophonversand"));
    // And it is current now.
    JsonNode status = JSON.readTree(send("GET", "/api/translations?locale=de", null).body());
    assertEquals(1, status.get("locales").get(0).get("current").asInt());
  }

  @Test
  void writesNeedAValidToken() throws Exception {
    String path = "/api/templates/after-sales/return-request/de";
    String etag = etag(path);
    HttpResponse<String> none = send("PUT", path, germanReturn("x"), "If-Match", etag);
    assertEquals(401, none.statusCode());
    assertEquals("unauthorized", JSON.readTree(none.body()).get("error").asText());
    assertTrue(none.headers().firstValue("WWW-Authenticate").isPresent());
    assertEquals(
        401,
        send(
                "PUT",
                path,
                germanReturn("x"),
                "If-Match",
                etag,
                "Authorization",
                "Bearer wrong-token-0000000000")
            .statusCode());
    assertEquals(401, send("DELETE", path, null, "If-Match", etag).statusCode());
    // Reads stay open.
    assertEquals(200, send("GET", path, null).statusCode());
  }

  @Test
  void aStaleOrMissingEtagIsRefused() throws Exception {
    String path = "/api/templates/after-sales/return-request/de";
    HttpResponse<String> missing =
        send("PUT", path, germanReturn("x"), "Authorization", "Bearer " + token);
    assertEquals(428, missing.statusCode());
    HttpResponse<String> stale =
        send(
            "PUT",
            path,
            germanReturn("x"),
            "Authorization",
            "Bearer " + token,
            "If-Match",
            "\"0000000000000000\"");
    assertEquals(412, stale.statusCode());
    assertEquals(etag(path), JSON.readTree(stale.body()).get("currentEtag").asText());
  }

  @Test
  void twoConcurrentWritesWithTheSameEtagOneWinsTheOtherGets412() throws Exception {
    String path = "/api/templates/after-sales/return-request/de";
    String etag = etag(path);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (String line : List.of("Version eins.", "Version zwei.")) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return send(
                          "PUT",
                          path,
                          germanReturn(line),
                          "Authorization",
                          "Bearer " + token,
                          "If-Match",
                          etag)
                      .statusCode();
                }));
      }
      go.countDown();
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : results) {
        codes.add(f.get());
      }
      codes.sort(null);
      assertEquals(List.of(200, 412), codes);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void redFindingsRejectTheWriteAndNothingIsWritten() throws Exception {
    String path = "/api/templates/after-sales/return-request/de";
    String before = Files.readString(root.resolve("de/after-sales/return-request.md"));
    String informal =
        "{\"title\":\"Rücksendung\",\"tone\":\"formal\",\"body\":\"Hallo {customer}, du hast {days, plural, one {# Tag} other {# Tage}}: {returnUrl}.\"}";
    HttpResponse<String> response =
        send("PUT", path, informal, "Authorization", "Bearer " + token, "If-Match", etag(path));
    assertEquals(422, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("rejected", body.get("error").asText());
    assertEquals("house-rule:de-formal-sie", body.get("findings").get(0).get("check").asText());
    assertEquals(before, Files.readString(root.resolve("de/after-sales/return-request.md")));
    HttpResponse<String> broken =
        send(
            "PUT",
            path,
            "{\"title\":\"x\",\"body\":\"Guten Tag {customer\"}",
            "Authorization",
            "Bearer " + token,
            "If-Match",
            etag(path));
    assertEquals(422, broken.statusCode());
  }

  @Test
  void createsANewVariantOnlyIfNoneExistsAndDeletesWithItsEtag() throws Exception {
    String path = "/api/templates/thanks/review-thanks/de";
    assertEquals(404, send("GET", path, null).statusCode());
    String variant =
        "{\"title\":\"Danke für Ihre Bewertung\",\"tone\":\"formal\",\"body\":\"Guten Tag {customer}, vielen Dank für Ihre freundliche Bewertung!\"}";
    HttpResponse<String> created =
        send("PUT", path, variant, "Authorization", "Bearer " + token, "If-None-Match", "*");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(
        412,
        send("PUT", path, variant, "Authorization", "Bearer " + token, "If-None-Match", "*")
            .statusCode());
    String etag = etag(path);
    assertEquals(428, send("DELETE", path, null, "Authorization", "Bearer " + token).statusCode());
    HttpResponse<String> deleted =
        send("DELETE", path, null, "Authorization", "Bearer " + token, "If-Match", etag);
    assertEquals(200, deleted.statusCode());
    assertFalse(Files.exists(root.resolve("de/thanks/review-thanks.md")));
    assertEquals(404, send("GET", path, null).statusCode());
  }

  @Test
  void badEditsGetClearErrors() throws Exception {
    String path = "/api/templates/after-sales/return-request/de";
    String etag = etag(path);
    String[] auth = {"Authorization", "Bearer " + token, "If-Match", etag};
    assertEquals(400, send("PUT", path, "{not json", auth).statusCode());
    assertEquals(400, send("PUT", path, "{\"title\":\"x\"}", auth).statusCode());
    assertEquals(
        400,
        send("PUT", path, "{\"title\":\"x\",\"body\":\"y\",\"titel\":\"z\"}", auth).statusCode());
    assertEquals(
        400,
        send("PUT", path, "{\"title\":\"x\",\"body\":\"y\",\"channel\":\"email\"}", auth)
            .statusCode());
    assertEquals(
        400,
        send("PUT", "/api/templates/after-sales/return-request/de_DE", "{}", auth).statusCode());
    assertEquals(400, send("PUT", "/api/templates/After/x/de", "{}", auth).statusCode());
  }

  private JsonNode status(String locale) throws Exception {
    HttpResponse<String> response = send("GET", "/api/translations?locale=" + locale, null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get("locales").get(0);
  }

  @Test
  void translationStatusFollowsEditsOfTranslationsAndOfTheirSource() throws Exception {
    // The fixture's translations carry no source-hash yet: untracked; the rest missing.
    JsonNode de = status("de");
    assertEquals(2, de.get("untracked").asInt());
    assertEquals(3, de.get("missing").asInt());
    assertEquals("after-sales/refund-status", de.get("missingIds").get(0).asText());
    String path = "/api/templates/after-sales/return-request/de";
    assertEquals(200, saveGerman("Die Rücksendung ist kostenlos.").statusCode());
    de = status("de");
    assertEquals(1, de.get("current").asInt());
    assertEquals(20.0, de.get("percentComplete").asDouble());
    // Every template's entry, with the hash a current translation records.
    JsonNode entry = de.get("entries").get(1);
    assertEquals("after-sales/return-request", entry.get("id").asText());
    assertEquals("current", entry.get("state").asText());
    assertEquals("de/after-sales/return-request.md", entry.get("file").asText());
    assertEquals(entry.get("sourceHash").asText(), entry.get("recordedHash").asText());
    // The English source changes: its German translation is outdated now.
    String source = "/api/templates/after-sales/return-request/en";
    HttpResponse<String> edited =
        send(
            "PUT",
            source,
            "{\"title\":\"How to return an item\",\"channel\":\"chat\",\"tone\":\"friendly\","
                + "\"shortcut\":\"/return\",\"body\":\"Hi {customer}, you have {days, plural,"
                + " one {# day} other {# days}} to send unused items back: {returnUrl}.\"}",
            "Authorization",
            "Bearer " + token,
            "If-Match",
            etag(source));
    assertEquals(200, edited.statusCode(), edited.body());
    assertTrue(JSON.readTree(edited.body()).get("sourceHash").isNull(), "a source has no hash");
    de = status("de");
    assertEquals(0, de.get("current").asInt());
    assertEquals("after-sales/return-request", de.get("outdatedIds").get(0).asText());
    // Bad locales: malformed is 400, absent from the catalog 404, the source locale 400.
    assertEquals(400, send("GET", "/api/translations?locale=de_DE", null).statusCode());
    assertEquals(404, send("GET", "/api/translations?locale=ko", null).statusCode());
    assertEquals(400, send("GET", "/api/translations?locale=en", null).statusCode());
  }

  @Test
  void lintReportsFindingsPerLocaleAndAWriteReturnsItsYellowOnes() throws Exception {
    JsonNode clean = JSON.readTree(send("GET", "/api/lint?locale=de", null).body());
    assertEquals(0, clean.get("red").asInt(), clean.toString());
    String path = "/api/templates/after-sales/return-request/de";
    HttpResponse<String> put = saveGerman("Die  Rücksendung ist kostenlos.");
    assertEquals(200, put.statusCode(), put.body());
    JsonNode written = JSON.readTree(put.body()).get("findings");
    assertEquals("whitespace", written.get(0).get("check").asText());
    assertEquals("yellow", written.get(0).get("severity").asText());
    JsonNode lint = JSON.readTree(send("GET", "/api/lint?locale=de", null).body());
    assertEquals(1, lint.get("yellow").asInt());
    JsonNode finding = lint.get("findings").get(0);
    assertEquals("after-sales/return-request", finding.get("id").asText());
    assertEquals("de/after-sales/return-request.md", finding.get("file").asText());
    assertTrue(finding.get("line").asInt() > 0);
    assertEquals(400, send("GET", "/api/lint?locale=de_DE", null).statusCode());
    assertEquals(404, send("GET", "/api/lint?locale=ko", null).statusCode());
  }

  @Test
  void aDraftIsCheckedWithoutBeingWrittenAndWithoutAToken() throws Exception {
    String path = "/api/templates/after-sales/return-request/de";
    String before = Files.readString(root.resolve("de/after-sales/return-request.md"));
    HttpResponse<String> checked =
        send(
            "POST",
            path + "/check",
            "{\"title\":\"Rücksendung\",\"tone\":\"formal\",\"body\":\"Hallo {customer}, du hast"
                + " {days, plural, one {# Tag} other {# Tage}}: {returnUrl}.\"}");
    assertEquals(200, checked.statusCode(), checked.body());
    JsonNode report = JSON.readTree(checked.body());
    assertEquals(1, report.get("red").asInt());
    assertEquals("house-rule:de-formal-sie", report.get("findings").get(0).get("check").asText());
    assertEquals(before, Files.readString(root.resolve("de/after-sales/return-request.md")));
    assertEquals(400, send("POST", path + "/check", "{\"title\":\"x\"}").statusCode());
  }

  @Test
  void anOutdatedTranslationShowsWhatChangedInItsSource() throws Exception {
    String path = "/api/templates/after-sales/return-request/de";
    assertEquals(200, saveGerman("Die Rücksendung ist kostenlos.").statusCode());
    JsonNode current = JSON.readTree(send("GET", path + "/source", null).body());
    assertTrue(current.get("translatedFrom").isNull(), "current: nothing changed");
    String before = current.get("current").get("body").asText();
    String source = "/api/templates/after-sales/return-request/en";
    send(
        "PUT",
        source,
        "{\"title\":\"How to return an item\",\"channel\":\"chat\",\"tone\":\"friendly\","
            + "\"shortcut\":\"/return\",\"body\":\"Hi {customer}, you have {days, plural,"
            + " one {# day} other {# days}} to send unused items back: {returnUrl}.\"}",
        "Authorization",
        "Bearer " + token,
        "If-Match",
        etag(source));
    JsonNode changed = JSON.readTree(send("GET", path + "/source", null).body());
    assertEquals(before, changed.get("translatedFrom").get("body").asText());
    assertTrue(changed.get("current").get("body").asText().contains("send unused items back"));
    assertEquals(changed.get("recordedHash"), changed.get("translatedFrom").get("hash"));
    assertEquals(404, send("GET", "/api/templates/thanks/nothing/de/source", null).statusCode());
  }
}
