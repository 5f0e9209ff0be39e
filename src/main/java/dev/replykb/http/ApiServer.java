package dev.replykb.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.CatalogEditor;
import dev.replykb.translate.SourceHistory;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
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

  private ApiServer() {}

  /** The shared JSON mapper: built once, thread-safe. */
  static ObjectMapper jsonMapper() {
    return JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }

  /** The app over {@code search}, not yet started, with editing disabled. */
  public static Javalin create(ReplySearch search) {
    return create(() -> search, TranslatorTokens.none(), SourceHistory.none());
  }

  /**
   * The app over {@code search}, not yet started; {@code tokens} may write, and {@code history}
   * keeps the source texts translations were made from.
   */
  public static Javalin create(ReplySearch search, TranslatorTokens tokens, SourceHistory history) {
    return create(() -> search, tokens, history);
  }

  /**
   * The app over a search that may still be loading: {@code search.get()} may block, so that the
   * server can bind while the catalog loads and early requests wait for it.
   */
  public static Javalin create(
      Supplier<ReplySearch> search, TranslatorTokens tokens, SourceHistory history) {
    return create(search, tokens, history, MAX_STATUS_ENTRIES);
  }

  /** As {@link #create(Supplier, TranslatorTokens, SourceHistory)}, with a status limit to test. */
  static Javalin create(
      Supplier<ReplySearch> search,
      TranslatorTokens tokens,
      SourceHistory history,
      int maxStatusEntries) {
    ObjectMapper json = jsonMapper();
    ReplyRoutes routes = new ReplyRoutes(search, json, maxStatusEntries);
    // One editor per search, made when first needed (the search may still be loading).
    AtomicReference<CatalogEditor> editor = new AtomicReference<>();
    Supplier<CatalogEditor> editors =
        () -> editor.updateAndGet(e -> e != null ? e : new CatalogEditor(search.get()));
    EditRoutes edits = new EditRoutes(search, editors, tokens, history, json);
    WebAssets web = new WebAssets();
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.jsonMapper(new JavalinJackson(json, false));
          config.http.maxRequestSize = MAX_REQUEST_BYTES;
          config.http.prefer405over404 = true;
          config.routes.get("/", web::agentPage);
          config.routes.get("/translate", web::translatorPage);
          config.routes.get("/assets/{file}", web::asset);
          config.routes.get("/health", routes::health);
          config.routes.get("/api/best", routes::best);
          config.routes.get("/api/search", routes::search);
          config.routes.get("/api/suggest", routes::suggest);
          // A template id is two path segments: /api/templates/logistics/delay-apology.
          config.routes.get("/api/templates/{category}/{name}", routes::template);
          config.routes.post("/api/templates/{category}/{name}/used", routes::used);
          config.routes.get("/api/templates/{category}/{name}/{locale}", edits::get);
          config.routes.put("/api/templates/{category}/{name}/{locale}", edits::put);
          config.routes.delete("/api/templates/{category}/{name}/{locale}", edits::delete);
          config.routes.post("/api/templates/{category}/{name}/{locale}/check", edits::check);
          config.routes.get("/api/templates/{category}/{name}/{locale}/source", edits::source);
          config.routes.post("/api/render", routes::render);
          config.routes.get("/api/locales", routes::locales);
          config.routes.get("/api/catalog/problems", routes::problems);
          config.routes.get("/api/translations", routes::translations);
          config.routes.get("/api/lint", routes::lint);

          config.routes.exception(ApiError.class, ApiServer::apiError);
          config.routes.exception(ValidationException.class, ApiServer::validationError);
          config.routes.exception(HttpResponseException.class, ApiServer::httpError);
          config.routes.exception(Exception.class, ApiServer::unexpected);
        });
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
    apiError(new ApiError(status, code, message, Map.of()), ctx);
  }

  private static void unexpected(Exception e, Context ctx) {
    LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
    apiError(
        new ApiError(
            500, "internal_error", "internal error; the server log has the details", Map.of()),
        ctx);
  }
}
