package dev.replykb.cli;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogWatcher;
import dev.replykb.catalog.Problem;
import dev.replykb.http.ApiServer;
import dev.replykb.http.TranslatorTokens;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.SourceHistory;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts the HTTP server with the valid templates; bad files are logged and listed, not fatal.
 *
 * <p>The server starts on one thread while the catalog loads and the index opens on another, so a
 * restart costs the longer of the two, not their sum; a request that arrives before the catalog is
 * ready waits for it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the HTTP API.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin CatalogOptions catalogOptions;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "7070",
      description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "address to bind; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--tokens",
      paramLabel = "FILE",
      description =
          "translator tokens, one per line, that may edit templates over HTTP (also read from"
              + " the REPLYKB_TRANSLATOR_TOKENS environment variable, comma-separated)")
  java.nio.file.Path tokensFile;

  @Option(
      names = "--watch",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "take in edits made to the files directly, without a restart (default: ${DEFAULT-VALUE})")
  boolean watch;

  @Option(
      names = "--self-test",
      description =
          "start, send one request to every endpoint (a title of every locale as a query),"
              + " then stop; exit 1 if any answer is not a success."
              + " bin/serve uses it as the training run of the JVM's startup cache")
  boolean selfTest;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
    }
    TranslatorTokens tokens =
        TranslatorTokens.from(System.getenv(TranslatorTokens.ENVIRONMENT), tokensFile);
    // Earlier source texts, for showing translators what changed: beside the index.
    SourceHistory history = catalogOptions.history();
    long start = System.nanoTime();
    // Three things happen at once: dictionaries load, the server binds, the catalog is read.
    Thread preload =
        Thread.ofPlatform()
            .name("replykb-preload")
            .daemon()
            .start(() -> ReplySearch.preload(catalogOptions.templates));
    CompletableFuture<ReplySearch> loading = new CompletableFuture<>();
    CompletableFuture<Javalin> http =
        CompletableFuture.supplyAsync(
            () -> ApiServer.create(() -> join(loading), tokens, history).start(host, port));
    ReplySearch search;
    try {
      if (!java.nio.file.Files.isDirectory(catalogOptions.templates)) {
        throw new java.io.IOException(
            "catalog folder '" + catalogOptions.templates + "' does not exist or is not a folder");
      }
      search = ReplySearch.openFolder(catalogOptions.templates, catalogOptions.index);
      for (Problem problem : search.catalog().problems()) {
        LOG.warn("Catalog problem: {}", problem);
      }
      search.addUpdateListener(history::record);
      loading.complete(search);
    } catch (Exception e) {
      loading.completeExceptionally(e);
      http.thenAccept(Javalin::stop);
      throw e;
    }
    Javalin app;
    try {
      app = http.join();
    } catch (CompletionException e) {
      search.close();
      throw new IllegalStateException(
          "cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    if (!selfTest) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    app.stop();
                    try {
                      search.close();
                    } catch (Exception e) {
                      LOG.warn("Closing the index failed: {}", e.toString());
                    }
                    stopped.countDown();
                  },
                  "replykb-shutdown"));
    }
    Catalog catalog = search.catalog();
    LOG.info(
        "replykb serves {} templates ({} variants, {} problems) from {} on http://{}:{}/ (ready in {} ms)",
        catalog.templates().size(),
        catalog.variantCount(),
        catalog.problems().size(),
        catalogOptions.templates,
        host.contains(":") ? "[" + host + "]" : host,
        app.port(),
        (System.nanoTime() - start) / 1_000_000);
    // Edits to the files (an editor, git pull) are taken in without a restart.
    CatalogWatcher watcher = watch ? search.watchCatalog(Duration.ofMillis(300)) : null;
    LOG.info(
        "Editing over HTTP is {}",
        tokens.configured()
            ? "enabled for the configured translator tokens"
            : "disabled (no translator tokens)");
    preload.join();
    LOG.info("Dictionaries loaded after {} ms", (System.nanoTime() - start) / 1_000_000);
    if (selfTest) {
      int failures = SelfTest.run(app.port(), catalog);
      if (watcher != null) {
        watcher.close();
      }
      app.stop();
      search.close();
      return failures == 0 ? 0 : 1;
    }
    stopped.await();
    return 0;
  }

  private static ReplySearch join(CompletableFuture<ReplySearch> loading) {
    try {
      return loading.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("the catalog failed to load", e.getCause());
    }
  }
}
