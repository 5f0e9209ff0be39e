package dev.replykb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replykb.TestCatalogs;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.SourceHistory;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that try to leave the catalog, break a parser or exceed a limit, sent byte for byte over
 * a socket (an HTTP client would clean some of them up): each gets a 4xx JSON answer without a
 * stack trace, and no file changes anywhere, inside the catalog or out of it.
 */
class HostileRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String T = "/api/templates/after-sales/return-request";
  @TempDir static Path dir;
  static Path root;
  static ReplySearch search;
  static Javalin app;
  static String admin;
  static Map<String, String> before;

  @BeforeAll
  static void start() throws IOException {
    root = TestCatalogs.copy("shop", dir.resolve("catalog"));
    Files.createDirectories(dir.resolve("outside"));
    Files.writeString(dir.resolve("outside/canary.md"), "---\ntitle: canary\n---\nnot here\n");
    search = ReplySearch.openFolder(root, dir.resolve("index"));
    Path tokens = dir.resolve("tokens.txt");
    admin = AccessTokens.issue(tokens, "ada", "admin", null);
    app =
        ApiServer.create(
                search, Access.tokens(AccessTokens.read(tokens), 10_000), SourceHistory.none())
            .start("127.0.0.1", 0);
    before = files();
  }

  @AfterAll
  static void stop() throws IOException {
    app.stop();
    search.close();
  }

  /** Every file under the test's folder but the index's, with its size and modification time. */
  static Map<String, String> files() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.startsWith(dir.resolve("index")) || !Files.isRegularFile(p)) {
          continue;
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        files.put(dir.relativize(p).toString(), a.size() + "@" + a.lastModifiedTime().toMillis());
      }
    }
    return files;
  }

  /** A request as sent: method, target (raw, as on the request line), body, extra headers. */
  record Hostile(String what, String method, String target, String body, String... headers) {
    @Override
    public String toString() {
      return what;
    }
  }

  static final String DRAFT =
      "{\"title\":\"Rücksendung\",\"tone\":\"formal\",\"body\":\"Guten Tag, bitte senden Sie den"
          + " Artikel zurück.\"}";

  static List<Hostile> hostile() {
    List<Hostile> h = new ArrayList<>();
    // Leaving the catalog through a template id or a locale.
    h.add(
        new Hostile(
            "encoded ../ as category", "GET", "/api/templates/..%2F..%2Foutside/canary", null));
    h.add(new Hostile("dot segments as id", "GET", "/api/templates/%2e%2e/%2e%2e", null));
    h.add(new Hostile("raw ../ in path", "GET", "/api/templates/../../outside/canary", null));
    h.add(new Hostile("../ as locale", "GET", T + "/..%2F..%2F..%2Foutside%2Fcanary", null));
    h.add(new Hostile("PUT ../ as locale", "PUT", T + "/..%2Fde", DRAFT));
    h.add(
        new Hostile(
            "PUT ../ as category", "PUT", "/api/templates/..%2F..%2Foutside/canary/de", DRAFT));
    h.add(
        new Hostile(
            "PUT absolute path as name",
            "PUT",
            "/api/templates/after-sales/%2Fetc%2Fpasswd/de",
            DRAFT));
    h.add(
        new Hostile(
            "PUT NUL in name", "PUT", "/api/templates/after-sales/return-request%00/de", DRAFT));
    h.add(new Hostile("GET NUL in locale", "GET", T + "/de%00", null));
    h.add(new Hostile("PUT absolute locale", "PUT", T + "/%2Ftmp%2Fx", DRAFT));
    h.add(
        new Hostile(
            "fullwidth solidus in category",
            "PUT",
            "/api/templates/after%EF%BC%8Fsales/x/de",
            DRAFT));
    h.add(
        new Hostile(
            "one-dot leaders as name",
            "PUT",
            "/api/templates/after-sales/%E2%80%A4%E2%80%A4/de",
            DRAFT));
    h.add(
        new Hostile(
            "Cyrillic look-alike letter",
            "PUT",
            "/api/templates/%D0%B0fter-sales/return-request/de",
            DRAFT));
    h.add(
        new Hostile(
            "upper case category", "PUT", "/api/templates/After-Sales/return-request/de", DRAFT));
    h.add(
        new Hostile(
            "backslashes",
            "PUT",
            "/api/templates/after-sales%5C..%5C..%5Coutside/canary/de",
            DRAFT));
    h.add(
        new Hostile(
            "double-encoded ../", "PUT", "/api/templates/%252e%252e%252f/canary/de", DRAFT));
    h.add(new Hostile("Windows path as locale", "PUT", T + "/C%3A%5CWindows", DRAFT));
    h.add(new Hostile("locale with ../", "PUT", T + "/de%2F..%2F..%2Fx", DRAFT));
    h.add(
        new Hostile(
            "category of 100 letters",
            "PUT",
            "/api/templates/" + "a".repeat(100) + "/x/de",
            DRAFT));
    h.add(
        new Hostile(
            "DELETE ../ as category",
            "DELETE",
            "/api/templates/..%2F..%2Foutside/canary/de",
            null));
    h.add(
        new Hostile("used with ../", "POST", "/api/templates/..%2F..%2Foutside/canary/used", "{}"));
    h.add(
        new Hostile("source of ../", "GET", "/api/templates/..%2Foutside/canary/de/source", null));
    h.add(
        new Hostile("check of ../", "POST", "/api/templates/..%2Foutside/canary/de/check", DRAFT));
    h.add(new Hostile("assets ../", "GET", "/assets/..%2F..%2F..%2Fpom.xml", null));
    h.add(new Hostile("assets class file", "GET", "/assets/%2e%2e%2fWebAssets.class", null));
    // Render: ids, locales, sizes.
    h.add(new Hostile("render id ../", "POST", "/api/render", "{\"id\":\"../../outside/canary\"}"));
    h.add(
        new Hostile(
            "render locale ../",
            "POST",
            "/api/render",
            "{\"id\":\"after-sales/return-request\",\"locale\":\"../de\"}"));
    h.add(new Hostile("render 101 variables", "POST", "/api/render", render(101, 1)));
    h.add(new Hostile("render long value", "POST", "/api/render", render(1, 3000)));
    h.add(new Hostile("render malformed JSON", "POST", "/api/render", "{\"id\": "));
    h.add(new Hostile("render JSON array", "POST", "/api/render", "[1,2,3]"));
    h.add(
        new Hostile(
            "render body of 100 kB",
            "POST",
            "/api/render",
            "{\"id\":\"" + "x".repeat(100_000) + "\"}"));
    h.add(
        new Hostile(
            "render unknown field",
            "POST",
            "/api/render",
            "{\"id\":\"after-sales/return-request\",\"$where\":1}"));
    // Search parameters.
    h.add(new Hostile("q of 1001 characters", "GET", "/api/search?q=" + "a".repeat(1001), null));
    h.add(new Hostile("q missing", "GET", "/api/best", null));
    h.add(new Hostile("q blank", "GET", "/api/best?q=%20%20", null));
    h.add(new Hostile("limit 0", "GET", "/api/search?q=refund&limit=0", null));
    h.add(new Hostile("limit -1", "GET", "/api/search?q=refund&limit=-1", null));
    h.add(new Hostile("limit 101", "GET", "/api/search?q=refund&limit=101", null));
    h.add(new Hostile("limit not a number", "GET", "/api/search?q=refund&limit=abc", null));
    h.add(new Hostile("limit beyond int", "GET", "/api/search?q=refund&limit=99999999999", null));
    h.add(new Hostile("locale ../", "GET", "/api/search?q=refund&locale=..%2F..%2Fetc", null));
    h.add(new Hostile("locale NUL", "GET", "/api/search?q=refund&locale=%00", null));
    h.add(
        new Hostile(
            "locale of 300 characters",
            "GET",
            "/api/search?q=refund&locale=" + "x-".repeat(150),
            null));
    h.add(new Hostile("category ../", "GET", "/api/search?q=refund&category=..%2Fx", null));
    h.add(
        new Hostile(
            "prefix of 101 characters", "GET", "/api/suggest?prefix=" + "b".repeat(101), null));
    h.add(new Hostile("prefix missing", "GET", "/api/suggest", null));
    h.add(new Hostile("suggest limit 11", "GET", "/api/suggest?prefix=re&limit=11", null));
    h.add(
        new Hostile(
            "translations locale ../", "GET", "/api/translations?locale=..%2F..%2Fetc", null));
    h.add(new Hostile("lint locale NUL", "GET", "/api/lint?locale=%00", null));
    // Edits that must not be written.
    h.add(new Hostile("PUT not JSON", "PUT", T + "/de", "title: x"));
    h.add(
        new Hostile(
            "PUT unknown field",
            "PUT",
            T + "/de",
            "{\"title\":\"x\",\"body\":\"y\",\"path\":\"/etc/passwd\"}"));
    h.add(
        new Hostile(
            "PUT body of 70 kB",
            "PUT",
            T + "/de",
            "{\"title\":\"x\",\"body\":\"" + "y".repeat(70_000) + "\"}"));
    h.add(new Hostile("PUT without If-Match", "PUT", T + "/de", DRAFT));
    h.add(
        new Hostile(
            "PUT with a stale ETag", "PUT", T + "/de", DRAFT, "If-Match", "\"0000000000000000\""));
    h.add(
        new Hostile(
            "PUT broken ICU plural",
            "PUT",
            T + "/fr",
            "{\"title\":\"Retour\",\"body\":\"{n, plural, one {# jour}\"}",
            "If-None-Match",
            "*"));
    h.add(
        new Hostile(
            "PUT without a title",
            "PUT",
            T + "/fr",
            "{\"body\":\"Bonjour\"}",
            "If-None-Match",
            "*"));
    h.add(new Hostile("used with ../ locale", "POST", T + "/used", "{\"locale\":\"../../x\"}"));
    h.add(new Hostile("used malformed JSON", "POST", T + "/used", "{\"locale\""));
    // Methods, tokens, origins.
    h.add(new Hostile("PATCH a template", "PATCH", T + "/de", DRAFT));
    h.add(new Hostile("POST to search", "POST", "/api/search?q=refund", "{}"));
    h.add(new Hostile("no such endpoint", "GET", "/api/../../../etc/passwd", null));
    h.add(
        new Hostile(
            "token of 600 characters",
            "GET",
            "/api/search?q=refund",
            null,
            "Authorization",
            "Bearer " + "t".repeat(600)));
    h.add(
        new Hostile(
            "token in the other header, wrong",
            "GET",
            "/api/search?q=refund",
            null,
            "X-Replykb-Token",
            "guess"));
    h.add(
        new Hostile(
            "cross-origin POST", "POST", T + "/used", "{}", "Origin", "https://evil.example"));
    h.add(
        new Hostile(
            "cross-origin reindex",
            "POST",
            "/api/admin/reindex",
            null,
            "Origin",
            "http://127.0.0.1.evil.example"));
    return h;
  }

  private static String render(int variables, int length) {
    StringBuilder json =
        new StringBuilder("{\"id\":\"after-sales/return-request\",\"variables\":{");
    for (int i = 0; i < variables; i++) {
      json.append(i == 0 ? "" : ",")
          .append("\"v")
          .append(i)
          .append("\":\"")
          .append("z".repeat(length))
          .append('"');
    }
    return json.append("}}").toString();
  }

  @Test
  void theMatrixHasAtLeastFiftyDistinctRequests() {
    assertTrue(hostile().size() >= 50, "" + hostile().size());
    assertEquals(hostile().size(), hostile().stream().map(Hostile::what).distinct().count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void isAnswered4xxInJsonWithoutAStackTraceAndTouchesNoFile(Hostile request) throws Exception {
    List<String> headers = new ArrayList<>(List.of(request.headers()));
    if (!headers.contains("Authorization") && !headers.contains("X-Replykb-Token")) {
      headers.add("Authorization");
      headers.add("Bearer " + admin);
    }
    Answer answer = send(request.method(), request.target(), request.body(), headers);
    assertTrue(
        answer.status() >= 400 && answer.status() < 500,
        request.what() + ": " + answer.status() + " " + answer.body());
    assertFalse(answer.body().contains("Exception"), answer.body());
    assertFalse(answer.body().contains("\tat "), answer.body());
    assertFalse(answer.body().contains(".java:"), answer.body());
    JsonNode json = JSON.readTree(answer.body());
    assertTrue(json.hasNonNull("error") && json.hasNonNull("message"), answer.body());
    assertEquals(before, files(), request.what() + " changed a file");
  }

  record Answer(int status, String body) {}

  /** Sends the request exactly as given over a socket; the answer's status and body. */
  static Answer send(String method, String target, String body, List<String> headers)
      throws IOException {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(app.port()).append("\r\n");
    head.append("Connection: close\r\n");
    if (body != null) {
      head.append("Content-Type: application/json\r\n");
    }
    head.append("Content-Length: ").append(content.length).append("\r\n");
    for (int i = 0; i < headers.size(); i += 2) {
      head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String response = all.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int split = response.indexOf("\r\n\r\n");
      String responseHead = response.substring(0, split);
      String responseBody = response.substring(split + 4);
      if (responseHead.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        responseBody = unchunk(responseBody);
      }
      return new Answer(status, responseBody);
    }
  }

  private static String unchunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int line = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, line).strip(), 16);
      if (size == 0) {
        break;
      }
      // sizes count bytes; these bodies are JSON, ASCII but for quoted input
      byte[] rest = chunked.substring(line + 2).getBytes(StandardCharsets.UTF_8);
      String piece = new String(rest, 0, size, StandardCharsets.UTF_8);
      body.append(piece);
      at = line + 2 + piece.length() + 2;
    }
    return body.toString();
  }
}
