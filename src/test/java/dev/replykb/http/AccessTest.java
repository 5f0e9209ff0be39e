package dev.replykb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.SourceHistory;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles, tokens and the three access modes, through a real server: every role's endpoints with and
 * without a token, a translator's locales, the write rate, and the tokens file's format.
 */
class AccessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RETURN = "/api/templates/after-sales/return-request/";
  @TempDir static Path dir;
  static ReplySearch search;
  static Javalin app;
  static String base;
  static String agent;
  static String translator;
  static String german;
  static String admin;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    Path root = TestCatalogs.copy("shop", dir);
    search = ReplySearch.open(new CatalogLoader().load(root), dir.resolve("index"));
    Path tokens = dir.resolve("tokens.txt");
    agent = AccessTokens.issue(tokens, "ava", "agent", null);
    translator = AccessTokens.issue(tokens, "tom", "translator", null);
    german = AccessTokens.issue(tokens, "greta", "translator", "de");
    admin = AccessTokens.issue(tokens, "ada", "admin", null);
    app =
        ApiServer.create(
                search, Access.tokens(AccessTokens.read(tokens), 1000), SourceHistory.none())
            .start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterAll
  static void stop() throws IOException {
    app.stop();
    search.close();
  }

  static HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request = Requests.of(method, base + path, body);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  @Test
  void theTokensFileKeepsDigestsOnly() throws Exception {
    String file = Files.readString(dir.resolve("tokens.txt"), StandardCharsets.UTF_8);
    for (String token : List.of(agent, translator, german, admin)) {
      assertFalse(file.contains(token), "a token in plain text in the file");
      assertEquals(43, token.length(), "32 random bytes, base64url");
    }
    assertTrue(file.contains("greta translator sha256:"), file);
    assertTrue(file.contains(" de\n"), file);
  }

  @Test
  void withoutATokenEveryApiRequestIs401AndThePagesAndProbesAreOpen() throws Exception {
    for (String path :
        List.of(
            "/api/search?q=refund",
            "/api/best?q=refund",
            "/api/suggest?prefix=re",
            "/api/locales",
            "/api/templates/after-sales/return-request",
            "/api/translations",
            "/api/lint",
            "/api/catalog/problems")) {
      HttpResponse<String> r = send("GET", path, null, null);
      assertEquals(401, r.statusCode(), path);
      assertEquals("unauthorized", json(r).get("error").asText(), path);
      assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }
    assertEquals(401, send("POST", "/api/admin/reindex", null, null).statusCode());
    assertEquals(401, send("GET", "/api/search?q=refund", "not-a-token", null).statusCode());
    assertEquals(200, send("GET", "/health", null, null).statusCode());
    assertEquals(200, send("GET", "/ready", null, null).statusCode());
    assertEquals(200, send("GET", "/", null, null).statusCode());
  }

  @Test
  void anAgentSearchesButMayNotTranslateOrAdminister() throws Exception {
    assertEquals(200, send("GET", "/api/search?q=refund", agent, null).statusCode());
    assertEquals(
        201,
        send("POST", "/api/templates/after-sales/return-request/used", agent, "{}").statusCode());
    for (String[] call :
        List.of(
            new String[] {"GET", "/api/translations"},
            new String[] {"GET", "/api/lint"},
            new String[] {"GET", "/api/catalog/problems"},
            new String[] {"POST", "/api/admin/reload"},
            new String[] {"PUT", RETURN + "de"},
            new String[] {"DELETE", RETURN + "de"})) {
      HttpResponse<String> r = send(call[0], call[1], agent, call[0].equals("PUT") ? "{}" : null);
      assertEquals(403, r.statusCode(), call[1]);
      assertEquals("forbidden", json(r).get("error").asText());
    }
  }

  @Test
  void aTranslatorWithLocalesEditsOnlyThose() throws Exception {
    assertEquals(200, send("GET", "/api/translations", german, null).statusCode());
    // The French variant is not greta's: 403 before anything is read or written.
    HttpResponse<String> french = send("PUT", RETURN + "fr", german, "{}");
    assertEquals(403, french.statusCode(), french.body());
    assertTrue(json(french).get("message").asText().contains("may edit de, not fr"));
    // de-AT is below de: allowed as far as access goes (the draft itself is then checked).
    HttpResponse<String> austrian = send("PUT", RETURN + "de-AT", german, "{}");
    assertEquals(400, austrian.statusCode(), austrian.body());
    // An unrestricted translator passes the locale check for any locale.
    assertEquals(400, send("PUT", RETURN + "fr", translator, "{}").statusCode());
    // No one but an administrator sees the catalog's problems.
    assertEquals(403, send("GET", "/api/catalog/problems", translator, null).statusCode());
  }

  @Test
  void anAdministratorReloadsAndReindexes() throws Exception {
    HttpResponse<String> problems = send("GET", "/api/catalog/problems", admin, null);
    assertEquals(200, problems.statusCode());
    HttpResponse<String> reload = send("POST", "/api/admin/reload", admin, null);
    assertEquals(200, reload.statusCode(), reload.body());
    assertFalse(json(reload).get("changed").asBoolean(), "nothing changed on disk");
    HttpResponse<String> reindex = send("POST", "/api/admin/reindex", admin, null);
    assertEquals(200, reindex.statusCode(), reindex.body());
    assertEquals(search.catalog().variantCount(), json(reindex).get("variants").asInt());
    // Still searchable after the rebuild.
    HttpResponse<String> found = send("GET", "/api/search?q=refund&locale=en", admin, null);
    assertTrue(json(found).get("results").size() > 0, found.body());
  }

  @Test
  void writesOfOneTokenAreRateLimitedAndOthersAreNot() throws Exception {
    // A server that allows 5 writes a minute per token; PUTs of empty drafts count.
    Path file = dir.resolve("limited.txt");
    String one = AccessTokens.issue(file, "one", "translator", null);
    String other = AccessTokens.issue(file, "other", "translator", null);
    Javalin limitedApp =
        ApiServer.create(search, Access.tokens(AccessTokens.read(file), 5), SourceHistory.none())
            .start("127.0.0.1", 0);
    String at = "http://127.0.0.1:" + limitedApp.port();
    int limited = 0;
    HttpResponse<String> last = null;
    try {
      for (int i = 0; i < 8; i++) {
        last = put(at, one);
        if (last.statusCode() == 429) {
          limited++;
        }
      }
      // Another token's writes are its own.
      assertEquals(400, put(at, other).statusCode());
    } finally {
      limitedApp.stop();
    }
    assertTrue(limited >= 3, "the sixth write on is limited");
    JsonNode error = json(last);
    assertEquals("rate_limited", error.get("error").asText());
    assertEquals("writes_per_minute", error.get("limit").asText());
    assertTrue(last.headers().firstValue("Retry-After").isPresent());
  }

  private static HttpResponse<String> put(String at, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(at + RETURN + "de"))
            .PUT(HttpRequest.BodyPublishers.ofString("{}"))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBucketRefillsOverAMinute() {
    Access.WriteBucket bucket = new Access.WriteBucket();
    long t = 0;
    for (int i = 0; i < 3; i++) {
      assertEquals(0, bucket.take(3, t));
    }
    long wait = bucket.take(3, t);
    assertTrue(wait > 19_000 && wait <= 20_000, "one write every 20 s: " + wait);
    assertEquals(0, bucket.take(3, t + 20_000_000_000L));
  }

  @Test
  void withoutATokensFileOnlySearchingIsAllowed() throws Exception {
    Javalin local = ApiServer.create(search, Access.local(), SourceHistory.none());
    local.start("127.0.0.1", 0);
    try {
      String at = "http://127.0.0.1:" + local.port();
      HttpResponse<String> searched =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(at + "/api/search?q=refund")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, searched.statusCode());
      HttpResponse<String> put =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(at + RETURN + "de"))
                  .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(403, put.statusCode());
      assertTrue(json(put).get("message").asText().contains("--tokens"), put.body());
    } finally {
      local.stop();
    }
  }

  @Test
  void aPageOfAnotherSiteMayNotPostHere() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/api/templates/after-sales/return-request/used"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Authorization", "Bearer " + agent)
                .header("Origin", "https://evil.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, r.statusCode());
    assertEquals("cross_origin", json(r).get("error").asText());
    // CORS is closed by default: no header lets another origin read an answer.
    HttpResponse<String> read =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/search?q=refund"))
                .header("Authorization", "Bearer " + agent)
                .header("Origin", "https://evil.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(read.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  @Test
  void aConfiguredOriginMayCallTheApi() throws Exception {
    ApiServer.Server server =
        ApiServer.create(
                () -> search,
                () -> true,
                Access.open(),
                SourceHistory.none(),
                List.of("https://helpdesk.example.com"))
            .start("127.0.0.1", 0);
    try {
      HttpResponse<String> read =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + "/api/search?q=refund"))
                  .header("Origin", "https://helpdesk.example.com")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(
          "https://helpdesk.example.com",
          read.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    } finally {
      server.app().stop();
    }
  }

  @Test
  void malformedTokensFilesAreRefusedWithTheirLine() throws Exception {
    String digest = "sha256:" + "ab".repeat(32);
    for (String[] bad :
        List.of(
            new String[] {"anna translator plain-token-in-the-file", "sha256:"},
            new String[] {"anna superuser " + digest, "unknown role"},
            new String[] {"anna agent " + digest + " de", "only a translator"},
            new String[] {"an/na agent " + digest, "the name"},
            new String[] {"anna translator " + digest + " klingon!", "locale"},
            new String[] {"anna agent " + digest + "\nanna admin " + digest, "twice"})) {
      Path file = Files.writeString(dir.resolve("bad.txt"), "# comment\n" + bad[0] + "\n");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> AccessTokens.read(file), bad[0]);
      assertTrue(e.getMessage().matches(".*bad\\.txt:[23]: .*"), e.getMessage());
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
  }

  @Test
  void aGrantsLocalesCoverTheTagsBelowThem() {
    AccessTokens.Grant grant =
        new AccessTokens.Grant("g", Role.TRANSLATOR, List.of("de", "zh-Hant"));
    assertTrue(grant.mayEdit("de"));
    assertTrue(grant.mayEdit("de-AT"));
    assertTrue(grant.mayEdit("zh-Hant-TW"));
    assertFalse(grant.mayEdit("zh-Hans"));
    assertFalse(grant.mayEdit("den")); // not a prefix match on letters
    assertFalse(new AccessTokens.Grant("a", Role.AGENT, List.of()).mayEdit("de"));
    assertTrue(new AccessTokens.Grant("b", Role.ADMIN, List.of()).mayEdit("ja"));
  }
}
