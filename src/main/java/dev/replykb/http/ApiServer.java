package dev.replykb.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.CatalogEditor;
import dev.replykb.translate.SourceHistory;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replykb HTTP API as one Javalin app: routes, JSON, and error mapping in one place.
 *
 * <p>Every error is JSON {@code {"error": code, "message": text}} with a 4xx status; an unexpected
 * failure is logged and answered 500 without any internal detail.
 */
public final class ApiServer {
  /**
   * The most entries (templates × locales) {@code GET /api/translations} lists without a {@code
   * locale}. Beyond it a million-variant catalog's answer would be hundreds of megabytes of JSON,
   * more heap than the server has; one locale at a time (a hundred thousand entries) is answered.
   */
  public static final int MAX_STATUS_ENTRIES = 200_000;

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /** Requests are small JSON documents; anything bigger is refused before it is read. */
  static final long MAX_REQUEST_BYTES = 64 * 1024;

  /** The request line and headers: room for a URL with the longest query of any script. */
  static final int MAX_HEADER_BYTES = 32 * 1024;

  private ApiServer() {}

  /** The shared JSON mapper: built once, thread-safe. */
  static ObjectMapper jsonMapper() {
    return JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }

  /**
   * The app over {@code search}, not yet started, in open mode (every request may do everything):
   * for tests and embedding; {@code serve} decides the access of a real server.
   */
  public static Javalin create(ReplySearch search) {
    return create(() -> search, () -> true, Access.open(), SourceHistory.none(), List.of()).app();
  }

  /**
   * The app over {@code search}, not yet started; {@code access} decides who may do what, and
   * {@code history} keeps the source texts translations were made from.
   */
  public static Javalin create(ReplySearch search, Access access, SourceHistory history) {
    return create(() -> search, () -> true, access, history, List.of()).app();
  }

  /**
   * The app over a search that may still be loading: {@code search.get()} may block, so that the
   * server can bind while the catalog loads and early requests wait for it; {@code ready} tells
   * without blocking whether it has loaded. {@code corsOrigins} are the web origins (such as {@code
   * https://helpdesk.example.com}) whose pages may call the API from a browser; none by default.
   */
  public static Server create(
      Supplier<ReplySearch> search,
      BooleanSupplier ready,
      Access access,
      SourceHistory history,
      List<String> corsOrigins) {
    return new Server(search, ready, access, history, corsOrigins, MAX_STATUS_ENTRIES);
  }

  /**
   * As {@link #create(Supplier, BooleanSupplier, Access, SourceHistory, List)}, with a status limit
   * to test.
   */
  static Javalin create(
      Supplier<ReplySearch> search, Access access, SourceHistory history, int maxStatusEntries) {
    return new Server(search, () -> true, access, history, List.of(), maxStatusEntries).app();
  }

  /**
   * The app and what its shutdown needs: requests in flight are counted, so that {@link
   * #stopGracefully} lets them finish while new ones are turned away.
   */
  public static final class Server {
    private final Javalin app;
    private final java.util.concurrent.atomic.AtomicInteger inFlight =
        new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean draining;

    private Server(
        Supplier<ReplySearch> search,
        BooleanSupplier ready,
        Access access,
        SourceHistory history,
        List<String> corsOrigins,
        int maxStatusEntries) {
      this.app = build(search, ready, access, history, corsOrigins, maxStatusEntries, this);
    }

    public Javalin app() {
      return app;
    }

    public Server start(String host, int port) {
      app.start(host, port);
      return this;
    }

    public int port() {
      return app.port();
    }

    /** Requests being answered now. */
    int inFlight() {
      return inFlight.get();
    }

    /**
     * Stops taking requests (new ones are answered 503 {@code shutting_down}, {@code /ready} too,
     * so a load balancer moves on), waits up to {@code timeout} for those in flight to finish, then
     * stops the server.
     */
    public void stopGracefully(java.time.Duration timeout) {
      draining = true;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (inFlight.get() > 0) {
        LOG.warn("Stopping with {} request(s) still in flight after {}", inFlight.get(), timeout);
      }
      // A request leaves the count when it is logged, and its response may still be on its way
      // out: Jetty's graceful stop (its GracefulHandler) lets it finish before the connections
      // close, for at most what is left of the timeout (and a second).
      app.jettyServer()
          .server()
          .setStopTimeout(Math.max(1_000, (deadline - System.nanoTime()) / 1_000_000));
      app.stop();
    }
  }

  private static Javalin build(
      Supplier<ReplySearch> search,
      BooleanSupplier ready,
      Access access,
      SourceHistory history,
      List<String> corsOrigins,
      int maxStatusEntries,
      Server server) {
    ObjectMapper json = jsonMapper();
    ReplyRoutes routes = new ReplyRoutes(search, json, maxStatusEntries);
    // One editor per search, made when first needed (the search may still be loading).
    AtomicReference<CatalogEditor> editor = new AtomicReference<>();
    Supplier<CatalogEditor> editors =
        () -> editor.updateAndGet(e -> e != null ? e : new CatalogEditor(search.get()));
    EditRoutes edits = new EditRoutes(search, editors, access, history, json);
    AdminRoutes admin = new AdminRoutes(search, access);
    WebAssets web = new WebAssets();
    RequestLog log = new RequestLog(json);
    List<String> origins = List.copyOf(corsOrigins);
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.jsonMapper(new JavalinJackson(json, false));
          config.http.maxRequestSize = MAX_REQUEST_BYTES;
          config.http.prefer405over404 = true;
          // A query of the most characters allowed fits in a URL: 1,000 Chinese characters are
          // 9 KB percent-encoded, past Jetty's default 8 KB for the request line and headers.
          config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_HEADER_BYTES));
          // What Jetty refuses itself (a NUL in the path) is answered in JSON too.
          config.jetty.modifyServer(jetty -> jetty.setErrorHandler(new JsonErrorHandler()));
          // Jetty's stop waits for the responses still being written (see stopGracefully).
          config.jetty.modifyServer(
              jetty -> jetty.insertHandler(new org.eclipse.jetty.server.handler.GracefulHandler()));
          if (!origins.isEmpty()) {
            config.bundledPlugins.enableCors(
                cors ->
                    cors.addRule(
                        rule -> {
                          for (String origin : origins) {
                            rule.allowHost(origin);
                          }
                          rule.exposeHeader("ETag");
                        }));
          }
          config.routes.before(
              ctx -> {
                server.inFlight.incrementAndGet();
                ctx.attribute(RequestLog.START, System.nanoTime());
                if (server.draining) {
                  throw new ApiError(
                      503, "shutting_down", "the server is shutting down; try again", Map.of());
                }
                checkOrigin(ctx, origins);
              });
          config.requestLogger.http(
              (ctx, ms) -> {
                server.inFlight.decrementAndGet();
                log.log(ctx, ms);
              });
          config.routes.get("/", web::agentPage);
          config.routes.get("/translate", web::translatorPage);
          config.routes.get("/assets/{file}", web::asset);
          config.routes.get("/health", ctx -> routes.health(ctx, ready.getAsBoolean()));
          config.routes.get(
              "/ready",
              ctx -> {
                if (!ready.getAsBoolean()) {
                  throw new ApiError(
                      503, "not_ready", "the catalog is still loading", Map.of("ready", false));
                }
                ctx.json(Map.of("status", "ready"));
              });
          config.routes.get("/api/best", as(access, Role.AGENT, routes::best));
          config.routes.get("/api/search", as(access, Role.AGENT, routes::search));
          config.routes.get("/api/suggest", as(access, Role.AGENT, routes::suggest));
          // A template id is two path segments: /api/templates/logistics/delay-apology.
          config.routes.get(
              "/api/templates/{category}/{name}", as(access, Role.AGENT, routes::template));
          // A recorded use is a write to disk: rate-limited like edits.
          config.routes.post(
              "/api/templates/{category}/{name}/used",
              as(
                  access,
                  Role.AGENT,
                  ctx -> {
                    access.countWrite(ctx, ctx.attribute(Access.GRANT));
                    routes.used(ctx);
                  }));
          config.routes.get(
              "/api/templates/{category}/{name}/{locale}", as(access, Role.AGENT, edits::get));
          // Writes check the token's role and locales themselves (EditRoutes).
          config.routes.put("/api/templates/{category}/{name}/{locale}", edits::put);
          config.routes.delete("/api/templates/{category}/{name}/{locale}", edits::delete);
          config.routes.post(
              "/api/templates/{category}/{name}/{locale}/check",
              as(access, Role.TRANSLATOR, edits::check));
          config.routes.get(
              "/api/templates/{category}/{name}/{locale}/source",
              as(access, Role.AGENT, edits::source));
          config.routes.post("/api/render", as(access, Role.AGENT, routes::render));
          config.routes.get("/api/locales", as(access, Role.AGENT, routes::locales));
          config.routes.get("/api/translations", as(access, Role.TRANSLATOR, routes::translations));
          config.routes.get("/api/lint", as(access, Role.TRANSLATOR, routes::lint));
          config.routes.get("/api/catalog/problems", as(access, Role.ADMIN, routes::problems));
          config.routes.post("/api/admin/reload", as(access, Role.ADMIN, admin::reload));
          config.routes.post("/api/admin/reindex", as(access, Role.ADMIN, admin::reindex));

          config.routes.exception(ApiError.class, ApiServer::apiError);
          config.routes.exception(ValidationException.class, ApiServer::validationError);
          config.routes.exception(HttpResponseException.class, ApiServer::httpError);
          config.routes.exception(Exception.class, ApiServer::unexpected);
        });
  }

  /** {@code handler} behind the check that the request may act with {@code role}. */
  private static Handler as(Access access, Role role, Handler handler) {
    return ctx -> {
      access.require(ctx, role);
      handler.handle(ctx);
    };
  }

  /**
   * Refuses a state-changing request a browser sent from another site's page (its {@code Origin} is
   * neither this server nor an allowed CORS origin): without it, a page an agent happens to open
   * could post edits to a server on the agent's machine. Requests without {@code Origin} (curl,
   * scripts, same-origin GETs) are not browsers acting for another site.
   */
  private static void checkOrigin(Context ctx, List<String> allowed) {
    String method = ctx.method().name();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      return;
    }
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;
    }
    String host = ctx.header("Host");
    if (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host))) {
      return;
    }
    if (allowed.contains(origin)) {
      return;
    }
    throw new ApiError(
        403,
        "cross_origin",
        "requests from pages of "
            + ReplyRoutes.abbreviate(origin)
            + " may not change anything here (serve --cors-origin allows an origin)",
        Map.of());
  }

  private static void apiError(ApiError e, Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.code());
    body.put("message", e.getMessage());
    body.putAll(e.details());
    ctx.status(e.status()).json(body);
  }

  private static void validationError(ValidationException e, Context ctx) {
    StringBuilder message = new StringBuilder();
    e.getErrors()
        .forEach(
            (parameter, errors) -> {
              for (ValidationError<Object> error : errors) {
                if (!message.isEmpty()) {
                  message.append("; ");
                }
                if (error.getMessage().equals("TYPE_CONVERSION_FAILED")) {
                  message
                      .append("parameter '")
                      .append(parameter)
                      .append("' must be a whole number, not '")
                      .append(ReplyRoutes.abbreviate(String.valueOf(error.value)))
                      .append("'");
                } else {
                  message.append(error.getMessage());
                }
              }
            });
    apiError(ApiError.badRequest(message.toString()), ctx);
  }

  private static void httpError(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    String code =
        switch (status) {
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 413 -> "too_large";
          default -> status >= 500 ? "internal_error" : "bad_request";
        };
    String message =
        switch (status) {
          case 404 -> "no such endpoint: " + ctx.method() + " " + ctx.path();
          case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
          case 413 -> "the request body is larger than " + MAX_REQUEST_BYTES + " bytes";
          default -> status >= 500 ? "internal error" : String.valueOf(e.getMessage());
        };
    if (status >= 500) {
      LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
    }
    apiError(
        new ApiError(
            status,
            code,
            message,
            status == 413 ? Map.of("limit", "request_bytes", "max", MAX_REQUEST_BYTES) : Map.of()),
        ctx);
  }

  private static void unexpected(Exception e, Context ctx) {
    LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
    apiError(
        new ApiError(
            500, "internal_error", "internal error; the server log has the details", Map.of()),
        ctx);
  }
}
