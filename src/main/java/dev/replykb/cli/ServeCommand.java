package dev.replykb.cli;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogWatcher;
import dev.replykb.catalog.Problem;
import dev.replykb.http.Access;
import dev.replykb.http.AccessTokens;
import dev.replykb.http.ApiServer;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.SourceHistory;
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
          "API tokens with their roles (agent, translator, admin), as digests made by replykb"
              + " token; every API request then needs one. Without it the server listens on this"
              + " machine only and allows searching only")
  java.nio.file.Path tokensFile;

  @Option(
      names = "--open",
      description =
          "no tokens: anyone who can reach the server may search, edit and administer it (for a"
              + " laptop; logged loudly)")
  boolean open;

  @Option(
      names = "--cors-origin",
      paramLabel = "ORIGIN",
      split = ",",
      description =
          "web origins (https://helpdesk.example.com) whose pages may call the API from a browser;"
              + " none by default")
  java.util.List<String> corsOrigins = new java.util.ArrayList<>();

  @Option(
      names = "--write-rate",
      paramLabel = "N",
      defaultValue = "60",
      description = "writes a minute each token may make (default: ${DEFAULT-VALUE})")
  int writeRate;

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
    Access access = access();
    // Earlier source texts, for showing translators what changed: beside the index.
    SourceHistory history = catalogOptions.history();
    long start = System.nanoTime();
    // Three things happen at once: dictionaries load, the server binds, the catalog is read.
    CompletableFuture<Void> preloaded = new CompletableFuture<>();
    Thread preload =
        Thread.ofPlatform()
            .name("replykb-preload")
            .daemon()
            .start(
                () -> {
                  try {
                    ReplySearch.preload(catalogOptions.templates);
                  } finally {
                    preloaded.complete(null);
                  }
                });
    CompletableFuture<ReplySearch> loading = new CompletableFuture<>();
    CompletableFuture<ApiServer.Server> http =
        CompletableFuture.supplyAsync(
            () ->
                ApiServer.create(() -> join(loading), loading::isDone, access, history, corsOrigins)
                    .start(host, port),
            // A thread of its own: the common pool is busy loading dictionaries.
            r -> Thread.ofPlatform().name("replykb-http-start").start(r));
    ReplySearch search;
    try {
      if (!java.nio.file.Files.isDirectory(catalogOptions.templates)) {
        throw new java.io.IOException(
            "catalog folder '" + catalogOptions.templates + "' does not exist or is not a folder");
      }
      search = ReplySearch.openFolder(catalogOptions.templates, catalogOptions.index, preloaded);
      search.addUpdateListener(history::record);
      // Searches are answered from here on; after a restart the whole catalog may still be
      // being read (catalog() waits for it).
      loading.complete(search);
      LOG.info("Searches answered after {} ms", (System.nanoTime() - start) / 1_000_000);
      for (Problem problem : search.catalog().problems()) {
        LOG.warn("Catalog problem: {}", problem);
      }
    } catch (Exception e) {
      loading.completeExceptionally(e);
      http.thenAccept(s -> s.app().stop());
      throw e;
    }
    ApiServer.Server server;
    try {
      server = http.join();
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
                    // In-flight requests finish; new ones are told the server is going away.
                    server.stopGracefully(SHUTDOWN_GRACE);
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
        server.port(),
        (System.nanoTime() - start) / 1_000_000);
    // Edits to the files (an editor, git pull) are taken in without a restart.
    CatalogWatcher watcher = watch ? search.watchCatalog(Duration.ofMillis(300)) : null;
    if (access.isOpen()) {
      LOG.warn("!!! {} !!!", access.describe());
    } else {
      LOG.info("Access: {}", access.describe());
    }
    preload.join();
    LOG.info("Dictionaries loaded after {} ms", (System.nanoTime() - start) / 1_000_000);
    if (selfTest) {
      int failures = SelfTest.run(server.port(), catalog);
      if (watcher != null) {
        watcher.close();
      }
      server.app().stop();
      search.close();
      return failures == 0 ? 0 : 1;
    }
    stopped.await();
    return 0;
  }

  /** How long a shutdown waits for the requests in flight. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  /**
   * Who may do what, from the options: tokens, open, or (neither) searching only, on a loopback
   * address only.
   */
  private Access access() throws java.io.IOException {
    if (open && tokensFile != null) {
      throw new IllegalArgumentException("--open and --tokens exclude each other");
    }
    if (writeRate < 1) {
      throw new IllegalArgumentException("--write-rate must be at least 1, not " + writeRate);
    }
    if (selfTest) {
      // A self-test calls every endpoint once, without tokens, on this machine only, then stops.
      host = "127.0.0.1";
      return Access.open();
    }
    if (open) {
      return Access.open();
    }
    if (tokensFile != null) {
      return Access.tokens(AccessTokens.read(tokensFile), writeRate);
    }
    if (!isLoopback(host)) {
      throw new IllegalArgumentException(
          "refusing to listen on "
              + host
              + " without a tokens file: anyone on the network could use the API. Give --tokens"
              + " FILE (made with replykb token), or listen on 127.0.0.1");
    }
    return Access.local();
  }

  private static boolean isLoopback(String host) {
    try {
      for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static ReplySearch join(CompletableFuture<ReplySearch> loading) {
    try {
      return loading.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("the catalog failed to load", e.getCause());
    }
  }
}
