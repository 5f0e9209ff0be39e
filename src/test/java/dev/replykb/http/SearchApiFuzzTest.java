package dev.replykb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.search.ReplySearch;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzes {@code GET /api/search} and {@code GET /api/best} over the bundled catalog, through a real
 * server: whatever the parameters, the answer is 200 or a 4xx with an {@code error}, always JSON,
 * never a 5xx and never a stack trace.
 *
 * <p>The search and the server are opened once for the class: Jazzer runs a {@code @FuzzTest} as
 * one JUnit invocation per seed (regression mode) or one invocation for the whole fuzzing run, so
 * {@code @BeforeAll} and {@code @AfterAll} keep their usual meaning. Without {@code JAZZER_FUZZ}
 * this runs the seeds in {@code
 * src/test/resources/dev/replykb/http/SearchApiFuzzTestInputs/<method>/}; {@code bin/fuzz} fuzzes
 * it.
 */
class SearchApiFuzzTest {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** Values the fuzzer picks from, besides its own strings: real ones reach deeper code. */
  private static final List<String> LOCALES =
      List.of(
          "de", "de-AT", "zh-TW", "zh-Hans", "ja", "ar", "pt-BR", "sw", "auto", "fr-CA,fr;q=0.9");

  private static final List<String> CATEGORIES =
      List.of("logistics", "after-sales", "auto-reply", "complaint", "inquiry", "thanks");

  /** Words of the bundled catalog, so that fuzzed queries also find templates. */
  private static final List<String> WORDS =
      List.of("Retoure", "物流延迟", "補償", "refund", "返品", "envío", "посылка", "تأخير", "delay");

  /**
   * Jetty refuses a longer request line itself (414 or 431, in JSON). A query within {@link
   * ReplySearch#MAX_QUERY_LENGTH} always fits: 1000 Chinese characters are 9 KiB of URL.
   */
  private static final int MAX_URI = ApiServer.MAX_HEADER_BYTES;

  @TempDir static Path dir;
  static ReplySearch search;
  static Javalin app;
  static HttpClient client;
  static String base;

  @BeforeAll
  static void start() throws IOException {
    search =
        ReplySearch.open(new CatalogLoader().load(TestCatalogs.bundled()), dir.resolve("index"));
    app = ApiServer.create(search).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (app != null) {
      app.stop();
    }
    if (search != null) {
      search.close();
    }
  }

  @FuzzTest(maxDuration = "20s")
  // Per input: JUnit times each seed out, Jazzer gives the timeout to libFuzzer as -timeout
  // (bin/fuzz turns JUnit's off, which would otherwise time the whole fuzzing run).
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void searchAndBestAnswerJsonWithoutServerErrors(FuzzedDataProvider data) throws Exception {
    String locale = pick(data, LOCALES, 24);
    String category = pick(data, CATEGORIES, 24);
    String limit =
        switch (data.consumeInt(0, 3)) {
          case 0 -> null;
          case 1 -> Integer.toString(data.consumeInt(-2, ReplySearch.MAX_LIMIT + 2));
          case 2 -> Integer.toString(data.consumeInt());
          default -> data.consumeString(12);
        };
    String q =
        switch (data.consumeInt(0, 3)) {
          case 0 -> null;
          case 1 -> WORDS.get(data.consumeInt(0, WORDS.size() - 1)) + " " + data.consumeString(40);
          default -> data.consumeRemainingAsString();
        };
    if (q != null && q.length() > ReplySearch.MAX_QUERY_LENGTH + 20) {
      q = q.substring(0, ReplySearch.MAX_QUERY_LENGTH + 20); // just over the limit is enough
    }
    List<String> inputs = new ArrayList<>();
    StringBuilder query = new StringBuilder();
    param(query, inputs, "q", q);
    param(query, inputs, "locale", locale);
    String common = query.toString();
    param(query, inputs, "limit", limit);
    param(query, inputs, "category", category);

    Answer searched = check("/api/search?" + query, inputs, List.of(200, 400, 414, 431));
    if (searched.status() == 200) {
      JsonNode results = searched.json();
      int max = limit == null ? ReplyRoutes.DEFAULT_LIMIT : Integer.parseInt(limit);
      assertTrue(results.get("results").isArray(), results::toString);
      assertTrue(results.get("results").size() <= max, results::toString);
      for (JsonNode result : results.get("results")) {
        assertTrue(result.get("id").isTextual(), result::toString);
        if (category != null) {
          assertTrue(result.get("id").asText().startsWith(category + "/"), result::toString);
        }
      }
    }
    Answer answered = check("/api/best?" + common, inputs, List.of(200, 400, 404, 414, 431));
    if (answered.status() == 200) {
      JsonNode best = answered.json();
      assertTrue(best.get("id").isTextual(), best::toString);
      assertTrue(best.get("locale").isTextual(), best::toString);
    }
  }

  /**
   * Lucene's query syntax alone, sent unencoded where a URI allows it ({@code "}, {@code \}, {@code
   * ^} and {@code |} must be percent-encoded): it is punctuation, not a query. Parsed as syntax,
   * {@code *:*} or {@code /.*\/} would find every template; as text they have no word to find.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "q=*",
        "q=*:*",
        "q=?",
        "q=??*",
        "q=~",
        "q=:",
        "q=/.*/",
        "q=%5C",
        "q=%5C*:%5C*",
        "q=%22",
        "q=%22%22",
        "q=%22*%22",
        "q=(*)",
        "q=+*+-*",
        "q=*%5E",
        "q=%26%26+%7C%7C+!",
        "q=*:*&limit=100",
      })
  void luceneSyntaxAloneFindsNothing(String rawQuery) throws Exception {
    JsonNode answer = check("/api/search?" + rawQuery, List.of(), List.of(200)).json();
    assertEquals(0, answer.get("results").size(), () -> rawQuery + ": " + ids(answer));
    JsonNode best = check("/api/best?" + rawQuery, List.of(), List.of(404)).json();
    assertEquals("no_match", best.get("error").asText(), () -> rawQuery + ": " + best);
  }

  /**
   * Syntax around words changes nothing: the same templates as for the words alone, so {@code AND}
   * is a word, {@code ~2} no fuzziness, {@code *} no wildcard and {@code /.../} no regular
   * expression.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "Retoure*|Retoure",
        "Retour*|Retour",
        "Retoure~2|Retoure 2",
        "Retoure?|Retoure",
        "%22Geld+zur%C3%BCck%22|Geld zurück",
        "Geld+AND+zur%C3%BCck|Geld and zurück",
        "Geld+OR+zur%C3%BCck|Geld or zurück",
        "Geld+NOT+zur%C3%BCck|Geld not zurück",
        "%2BGeld+-zur%C3%BCck|Geld zurück",
        "/Retoure.*/|Retoure",
        "Retoure%5C|Retoure",
        "Retoure%5E10|Retoure 10",
        "(Retoure)|Retoure",
        "[Geld+TO+zur%C3%BCck]|Geld to zurück",
        "refund?|refund",
        "refund+:+status|refund status",
      })
  void luceneSyntaxAroundWordsIsIgnored(String pair) throws Exception {
    String raw = pair.substring(0, pair.indexOf('|'));
    String words = URLEncoder.encode(pair.substring(pair.indexOf('|') + 1), StandardCharsets.UTF_8);
    JsonNode withSyntax = check("/api/search?locale=de&q=" + raw, List.of(), List.of(200)).json();
    JsonNode plain = check("/api/search?locale=de&q=" + words, List.of(), List.of(200)).json();
    assertFalse(ids(plain).isEmpty(), words);
    assertEquals(ids(plain), ids(withSyntax), raw);
  }

  private static List<String> ids(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.get("results").forEach(r -> ids.add(r.get("id").asText()));
    return ids;
  }

  /** One of {@code values}, or a fuzzed string, or null (the parameter is left out). */
  private static String pick(FuzzedDataProvider data, List<String> values, int maxLength) {
    return switch (data.consumeInt(0, 3)) {
      case 0 -> null;
      case 1 -> data.consumeString(maxLength);
      default -> values.get(data.consumeInt(0, values.size() - 1));
    };
  }

  private static void param(StringBuilder query, List<String> inputs, String name, String value) {
    if (value == null) {
      return;
    }
    inputs.add(value);
    if (!query.isEmpty()) {
      query.append('&');
    }
    query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  /**
   * Sends {@code GET path} and checks the answer: a status of {@code allowed}, JSON, no stack
   * trace, and an {@code error} and a {@code message} unless it is a 200.
   *
   * @param inputs what the request sent, which an error message may quote
   */
  private static Answer check(String path, List<String> inputs, List<Integer> allowed)
      throws IOException, InterruptedException {
    HttpResponse<String> response;
    // Jazzer reports any connection as server-side request forgery, except those allowed here.
    try (SilentCloseable local =
        BugDetectors.allowNetworkConnections(
            (host, port) ->
                port == app.port() && (host.equals("127.0.0.1") || host.equals("localhost")))) {
      response =
          client.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(20))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
    int status = response.statusCode();
    String body = response.body();
    String what = "GET " + path + " -> " + status + " " + body;
    assertTrue(status < 500, () -> "server error: " + what);
    assertTrue(allowed.contains(status), () -> "unexpected status: " + what);
    if (status == 414 || status == 431) {
      assertTrue(path.length() > MAX_URI - 100, () -> "a short URI refused as too long: " + what);
    }
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        () -> "not JSON: " + response.headers() + " " + what);
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JacksonException e) {
      return fail("not JSON: " + what, e);
    }
    assertNotNull(json, what);
    assertTrue(json.isObject(), what);
    // An error message quotes the input: only what the input did not bring is a leak.
    List<String> texts = new ArrayList<>();
    texts(json, texts);
    if (inputs.stream().noneMatch(i -> i.contains("Exception"))) {
      assertTrue(
          texts.stream().noneMatch(t -> t.contains("Exception")),
          () -> "an exception leaked: " + what);
    }
    if (inputs.stream().noneMatch(i -> i.contains("\t"))) {
      assertTrue(
          texts.stream().noneMatch(t -> t.contains("\tat ")),
          () -> "a stack trace leaked: " + what);
    }
    if (status == 200) {
      assertFalse(json.has("error"), what);
    } else {
      assertTrue(json.path("error").isTextual(), () -> "an error without 'error': " + what);
      assertTrue(json.path("message").isTextual(), () -> "an error without 'message': " + what);
    }
    return new Answer(status, json);
  }

  /** Every field name and text value of {@code node}, decoded, into {@code texts}. */
  private static void texts(JsonNode node, List<String> texts) {
    if (node.isTextual()) {
      texts.add(node.asText());
    }
    node.fieldNames().forEachRemaining(texts::add);
    node.forEach(child -> texts(child, texts));
  }

  /** A checked answer: its status and its JSON. */
  private record Answer(int status, JsonNode json) {}
}
