package dev.replykb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.CatalogWatcher;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.SourceHistory;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: agents search at a steady rate from several clients while a translator saves
 * edits over HTTP and another hand changes files on disk (taken in by the watcher). No search may
 * fail, every acknowledged edit must be on disk and found at the end, the search rate must hold,
 * and the heap must end where it started.
 */
class SoakTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Long enough for hundreds of edits and thousands of searches, short enough for CI. */
  private static final Duration RUN = Duration.ofSeconds(20);

  private static final int CLIENTS = 3;

  /** Searches a second per client: 60 in all, several times what an agent team sends. */
  private static final int RATE = 20;

  private static final String[] QUERIES = {
    "Rücksendung", "refund", "物流延迟", "посылка задерживается", "where is my parcel",
    "devolução", "배송 지연", "address change", "返金", "merci pour votre avis"
  };

  @TempDir Path dir;

  @Test
  void searchesHoldTheirRateWithoutAFailureWhileEditsRun() throws Exception {
    Path root = TestCatalogs.copy("shop", dir.resolve("catalog"));
    Path tokens = dir.resolve("tokens.txt");
    String agent = AccessTokens.issue(tokens, "agents", "agent", null);
    String translator = AccessTokens.issue(tokens, "tom", "translator", null);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (ReplySearch search = ReplySearch.openFolder(root, dir.resolve("index"));
        CatalogWatcher watcher = search.watchCatalog(Duration.ofMillis(200))) {
      ApiServer.Server server =
          ApiServer.create(
                  () -> search,
                  () -> true,
                  Access.tokens(AccessTokens.read(tokens), 100_000),
                  SourceHistory.none(),
                  List.of())
              .start("127.0.0.1", 0);
      String base = "http://127.0.0.1:" + server.port();
      try {
        // Warm up, then the heap's starting point.
        for (int i = 0; i < 200; i++) {
          search(http, base, agent, QUERIES[i % QUERIES.length]);
        }
        long heapBefore = usedHeapAfterGc();

        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 2);
        long end = System.nanoTime() + RUN.toNanos();
        AtomicInteger searches = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          running.add(
              threads.submit(
                  () -> {
                    long interval = 1_000_000_000L / RATE;
                    long next = System.nanoTime();
                    int i = client;
                    while (System.nanoTime() < end) {
                      String q = QUERIES[i++ % QUERIES.length];
                      try {
                        HttpResponse<String> r = search(http, base, agent, q);
                        if (r.statusCode() != 200) {
                          failures.add(q + ": " + r.statusCode() + " " + r.body());
                        }
                      } catch (Exception e) {
                        failures.add(q + ": " + e);
                      }
                      searches.incrementAndGet();
                      next += interval;
                      long wait = next - System.nanoTime();
                      if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                      }
                    }
                    return null;
                  }));
        }
        // A translator saves the German return reply again and again, each with a new word.
        List<String> acknowledged = new ArrayList<>();
        Future<?> translating =
            threads.submit(
                () -> {
                  String path = "/api/templates/after-sales/return-request/de";
                  for (int n = 0; System.nanoTime() < end; n++) {
                    String word = "soakwort" + letters(n);
                    HttpResponse<String> current = send(http, "GET", base + path, translator, null);
                    String etag = current.headers().firstValue("ETag").orElseThrow();
                    String draft =
                        "{\"title\":\"Rücksendung eines Artikels\",\"tone\":\"formal\",\"tags\":"
                            + "[\"Retoure\"],\"body\":\"Guten Tag {customer}, "
                            + word
                            + ". Sie haben {days, plural, one {# Tag} other {# Tage}} Zeit:"
                            + " {returnUrl}.\"}";
                    HttpResponse<String> saved =
                        send(http, "PUT", base + path, translator, draft, "If-Match", etag);
                    if (saved.statusCode() == 200) {
                      synchronized (acknowledged) {
                        acknowledged.add(word);
                      }
                    } else if (saved.statusCode() != 412) {
                      // 412: the watcher's reload moved the ETag between the read and the write
                      failures.add("edit " + word + ": " + saved.statusCode() + " " + saved.body());
                    }
                    Thread.sleep(100);
                  }
                  return null;
                });
        // Someone else changes the Russian file on disk directly, as git pull or an editor would.
        Path russian = root.resolve("ru/after-sales/return-request.md");
        String original = Files.readString(russian);
        AtomicInteger diskEdits = new AtomicInteger();
        Future<?> onDisk =
            threads.submit(
                () -> {
                  for (int n = 0; System.nanoTime() < end; n++) {
                    Files.writeString(
                        russian,
                        original.replace(
                            "Здравствуйте", n % 2 == 0 ? "Добрый день" : "Здравствуйте"));
                    diskEdits.incrementAndGet();
                    Thread.sleep(400);
                  }
                  return null;
                });
        for (Future<?> f : running) {
          f.get();
        }
        translating.get();
        onDisk.get();
        threads.shutdown();

        assertEquals(List.of(), List.copyOf(failures), "failed searches or edits");
        double seconds = RUN.toNanos() / 1e9;
        double rate = searches.get() / seconds;
        assertTrue(
            rate >= 0.9 * CLIENTS * RATE,
            String.format(Locale.ROOT, "%.1f searches/s, wanted %d", rate, CLIENTS * RATE));
        assertTrue(acknowledged.size() >= 20, "edits made: " + acknowledged.size());
        assertTrue(diskEdits.get() >= 10);

        // Every acknowledged edit was written; the last one is on disk and found.
        String last = acknowledged.get(acknowledged.size() - 1);
        String file = Files.readString(root.resolve("de/after-sales/return-request.md"));
        assertTrue(file.contains(last), file);
        JsonNode found =
            JSON.readTree(search(http, base, agent, last + "&locale=de").body()).get("results");
        assertTrue(found.size() > 0, "the last edit is searchable");
        assertEquals("after-sales/return-request", found.get(0).get("id").asText());

        long heapAfter = usedHeapAfterGc();
        assertTrue(
            heapAfter - heapBefore < 64L << 20,
            "heap grew from " + (heapBefore >> 20) + " MB to " + (heapAfter >> 20) + " MB");
        System.out.printf(
            Locale.ROOT,
            "Soak: %d searches (%.1f/s), %d edits over HTTP, %d on disk, heap %d -> %d MB%n",
            searches.get(),
            rate,
            acknowledged.size(),
            diskEdits.get(),
            heapBefore >> 20,
            heapAfter >> 20);
      } finally {
        server.stopGracefully(Duration.ofSeconds(5));
      }
    }
  }

  private static String letters(int n) {
    StringBuilder s = new StringBuilder();
    do {
      s.append((char) ('a' + n % 26));
      n /= 26;
    } while (n > 0);
    return s.toString();
  }

  private static HttpResponse<String> search(HttpClient http, String base, String token, String q)
      throws Exception {
    String query = q.contains("&") ? q : URLEncoder.encode(q, StandardCharsets.UTF_8);
    if (q.contains("&")) {
      int amp = q.indexOf('&');
      query = URLEncoder.encode(q.substring(0, amp), StandardCharsets.UTF_8) + q.substring(amp);
    }
    return send(http, "GET", base + "/api/search?limit=3&q=" + query, token, null);
  }

  private static HttpResponse<String> send(
      HttpClient http, String method, String url, String token, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        Requests.of(method, url, body, headers)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
