package dev.replykb.cli;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests every endpoint of a running server once, with queries drawn from its own catalog: one
 * title per locale, searched for in another locale. Works for any catalog.
 */
final class SelfTest {
  private static final Logger LOG = LoggerFactory.getLogger(SelfTest.class);

  private SelfTest() {}

  /** Returns the number of requests that did not succeed. */
  /** Up to this many variants, the self-test lints the whole catalog. */
  static final int LINT_ALL_UP_TO = 200_000;

  static int run(int port, Catalog catalog) throws InterruptedException {
    String base = "http://127.0.0.1:" + port;
    List<String> gets =
        new ArrayList<>(
            List.of("/", "/translate", "/health", "/api/locales", "/api/catalog/problems"));
    String source = catalog.settings().sourceLocale().toLanguageTag();
    // The checks of every file, or of the smallest locale's when the catalog is large: the same
    // code, without minutes of a million variants' checks in the startup cache's training run.
    if (catalog.variantCount() <= LINT_ALL_UP_TO) {
      gets.add("/api/lint");
    } else {
      catalog.variantCountsByLocale().entrySet().stream()
          .min(Map.Entry.comparingByValue())
          .ifPresent(e -> gets.add("/api/lint?locale=" + encode(e.getKey())));
    }
    long statusEntries =
        (long) catalog.templates().size() * Math.max(0, catalog.variantCountsByLocale().size() - 1);
    if (statusEntries <= dev.replykb.http.ApiServer.MAX_STATUS_ENTRIES) {
      gets.add("/api/translations");
    }
    // Each translation's status on its own: what a large catalog's translators ask for.
    catalog.variantCountsByLocale().keySet().stream()
        .filter(tag -> !tag.equals(source))
        .forEach(tag -> gets.add("/api/translations?locale=" + encode(tag)));
    Map<String, Variant> firstPerLocale = new LinkedHashMap<>();
    for (Template template : catalog.templates()) {
      template.variants().forEach(firstPerLocale::putIfAbsent);
    }
    List<String> locales = new ArrayList<>(firstPerLocale.keySet());
    for (int i = 0; i < locales.size(); i++) {
      Variant variant = firstPerLocale.get(locales.get(i));
      String other = locales.get((i + 1) % locales.size());
      gets.add("/api/best?q=" + encode(variant.title()) + "&locale=" + encode(other));
      gets.add(
          "/api/search?q=" + encode(variant.title()) + "&locale=" + encode(variant.localeTag()));
      gets.add("/api/templates/" + variant.id() + "?locale=" + encode(other));
      gets.add("/api/templates/" + variant.id() + "/" + variant.localeTag());
    }
    int failures = 0;
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      for (String path : gets) {
        failures += check(client, HttpRequest.newBuilder(URI.create(base + path)).GET().build());
      }
      if (!firstPerLocale.isEmpty()) {
        Variant any = firstPerLocale.values().iterator().next();
        String body =
            "{\"id\":\"" + any.id() + "\",\"locale\":\"" + any.localeTag() + "\",\"variables\":{}}";
        failures +=
            check(
                client,
                HttpRequest.newBuilder(URI.create(base + "/api/render"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
      }
    }
    if (failures == 0) {
      LOG.info("Self-test passed: {} requests", gets.size() + 1);
    }
    return failures;
  }

  private static int check(HttpClient client, HttpRequest request) throws InterruptedException {
    try {
      // Read as a stream and kept only when it is an error: the server shares this heap, and a
      // large catalog's translation status is tens of megabytes.
      HttpResponse<java.io.InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      String body;
      try (java.io.InputStream in = response.body()) {
        if (response.statusCode() == 200) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
          return 0;
        }
        body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      }
      // An answer too unsure to give is still an answer: the endpoint works.
      if (response.statusCode() == 404 && body.contains("\"no_confident_match\"")) {
        return 0;
      }
      LOG.error("Self-test: {} answered {}: {}", request.uri(), response.statusCode(), body);
    } catch (java.io.IOException e) {
      LOG.error("Self-test: {} failed: {}", request.uri(), e.toString());
    }
    return 1;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
