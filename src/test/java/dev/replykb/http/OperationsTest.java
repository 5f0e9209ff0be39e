package dev.replykb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.SourceHistory;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health and readiness while the catalog loads, a graceful shutdown, the request log's lines. */
class OperationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  static ReplySearch search;

  @BeforeAll
  static void open() throws Exception {
    Path root = TestCatalogs.copy("shop", dir);
    search = ReplySearch.open(new CatalogLoader().load(root), dir.resolve("index"));
  }

  @AfterAll
  static void close() throws Exception {
    search.close();
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void whileTheCatalogLoadsHealthAnswersAndReadyDoesNot_aShutdownLetsRequestsInFlightFinish()
      throws Exception {
    CountDownLatch loaded = new CountDownLatch(1);
    ApiServer.Server server =
        ApiServer.create(
                () -> {
                  try {
                    loaded.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return search;
                },
                () -> loaded.getCount() == 0,
                Access.open(),
                SourceHistory.none(),
                List.of())
            .start("127.0.0.1", 0);
    int port = server.port();
    // Jetty's own stop waits for responses still being written: its GracefulHandler is in the
    // chain, above Javalin's handler.
    assertTrue(
        server
                .app()
                .jettyServer()
                .server()
                .getDescendant(org.eclipse.jetty.server.handler.GracefulHandler.class)
            != null,
        "a GracefulHandler in Jetty's chain");
    HttpResponse<String> health = get(port, "/health");
    assertEquals(200, health.statusCode());
    assertFalse(JSON.readTree(health.body()).get("ready").asBoolean());
    HttpResponse<String> ready = get(port, "/ready");
    assertEquals(503, ready.statusCode());
    assertEquals("not_ready", JSON.readTree(ready.body()).get("error").asText());

    // A search arrives during loading and waits; then the server is asked to stop. (Threads of
    // the test's own: the search uses the common pool, which the test must not hold.)
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    CompletableFuture<HttpResponse<String>> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return get(port, "/api/search?q=refund&locale=en");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            threads);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.inFlight() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(1, server.inFlight(), "the search is in flight");
    CompletableFuture<Void> stopping =
        CompletableFuture.runAsync(() -> server.stopGracefully(Duration.ofSeconds(20)), threads);
    Thread.sleep(100);
    HttpResponse<String> late = get(port, "/api/locales");
    assertEquals(503, late.statusCode(), "new requests are turned away while draining");
    assertEquals("shutting_down", JSON.readTree(late.body()).get("error").asText());
    assertFalse(stopping.isDone(), "the shutdown waits for the search in flight");
    loaded.countDown();
    HttpResponse<String> answered = inFlight.get();
    assertEquals(200, answered.statusCode(), answered.body());
    assertTrue(JSON.readTree(answered.body()).get("results").size() > 0);
    stopping.get();
    threads.shutdown();
  }

  @Test
  void searchesBeyondTheTurnsWaitForOneAndAllAreAnswered() throws Exception {
    // A request takes the search from the supplier within its turn: the supplier counts the
    // requests that got that far and holds them until the test lets them go.
    CountDownLatch go = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger holding =
        new java.util.concurrent.atomic.AtomicInteger();
    ThreadLocal<Boolean> counted = ThreadLocal.withInitial(() -> false);
    ApiServer.Server server =
        ApiServer.create(
                () -> {
                  if (!counted.get()) { // once per request: a search asks for it twice
                    counted.set(true);
                    holding.incrementAndGet();
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  }
                  return search;
                },
                () -> true,
                Access.open(),
                SourceHistory.none(),
                List.of())
            .start("127.0.0.1", 0);
    int port = server.port();
    int requests = ReplyRoutes.TURNS + 4;
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(requests);
    List<CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String path = i % 2 == 0 ? "/api/best?q=refund&locale=en" : "/api/search?q=refund&locale=en";
      answers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return get(port, path);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              threads));
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.inFlight() < requests && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(requests, server.inFlight(), "every request has arrived");
    Thread.sleep(200); // time for any request that could take a turn to take it
    assertEquals(ReplyRoutes.TURNS, holding.get(), "as many search as there are turns");
    go.countDown();
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.get();
      assertEquals(200, response.statusCode(), response.body());
    }
    assertEquals(requests, holding.get(), "the waiting searches ran when turns came free");
    server.stopGracefully(Duration.ofSeconds(5));
    threads.shutdown();
  }

  @Test
  void aRequestLogLineNamesTheTokenButHoldsNoQueryBodyOrToken() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    RequestLog log = new RequestLog(ApiServer.jsonMapper());
    String secret = AccessTokens.newToken();
    Javalin app =
        Javalin.create(
                config -> {
                  config.requestLogger.http((ctx, ms) -> lines.add(log.line(ctx, ms)));
                  config.routes.post(
                      "/api/x/{id}",
                      ctx -> {
                        ctx.attribute(
                            Access.GRANT,
                            new AccessTokens.Grant("anna", Role.TRANSLATOR, List.of("de")));
                        ctx.status(201).result("ok");
                      });
                })
            .start("127.0.0.1", 0);
    try {
      HTTP.send(
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:" + app.port() + "/api/x/7?q=Mein%20Paket%20ist%20weg"))
              .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"Sehr geehrte Frau Weber\"}"))
              .header("Authorization", "Bearer " + secret)
              .build(),
          HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (lines.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } finally {
      app.stop();
    }
    String line = lines.get(0);
    JsonNode entry = JSON.readTree(line);
    assertEquals("POST", entry.get("method").asText());
    assertEquals("/api/x/7", entry.get("path").asText());
    assertEquals(201, entry.get("status").asInt());
    assertEquals("anna", entry.get("token").asText());
    assertEquals("translator", entry.get("role").asText());
    assertTrue(entry.has("ms"));
    assertFalse(line.contains("Paket"), "the query string is not logged: " + line);
    assertFalse(line.contains("Weber"), "the body is not logged: " + line);
    assertFalse(line.contains(secret), "the token is not logged: " + line);
  }
}
