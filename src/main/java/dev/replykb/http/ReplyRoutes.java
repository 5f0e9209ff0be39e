package dev.replykb.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Problem;
import dev.replykb.catalog.TemplateId;
import dev.replykb.locale.BuyerLocale;
import dev.replykb.locale.LocalePreferences;
import dev.replykb.locale.LocaleTags;
import dev.replykb.render.Renderer;
import dev.replykb.search.Reply;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.Finding;
import dev.replykb.translate.Lint;
import dev.replykb.translate.TranslationStatus;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The handlers of the reply API: each reads and validates its parameters, calls a feature, and
 * answers JSON. Bad input is thrown as an {@link ApiError}.
 */
final class ReplyRoutes {
  static final int DEFAULT_LIMIT = 10;

  private final Supplier<ReplySearch> search;
  private final Renderer renderer = new Renderer();
  private final ObjectMapper json;

  /**
   * @param search the search to answer from; it may block until the catalog is loaded, so that a
   *     request arriving during startup waits instead of failing
   */
  ReplyRoutes(Supplier<ReplySearch> search, ObjectMapper json, int maxStatusEntries) {
    this.search = search;
    this.json = json;
    this.maxStatusEntries = maxStatusEntries;
  }

  /** See {@link ApiServer#MAX_STATUS_ENTRIES}. */
  private final int maxStatusEntries;

  /** How many near misses a {@code no_confident_match} answer lists. */
  static final int CANDIDATES = 3;

  /**
   * Searches run at once: two per core (one that is preempted holds its turn, and the other keeps
   * the core busy); other requests wait for a turn, in the order they came. A search is CPU work:
   * sixteen at once on two cores finish no sooner than four at a time, and they crowd out the JIT,
   * which compiles the search path on whatever the load leaves it (under 16 connections on two
   * cores, the rate took over a minute to level off; with turns, 30–40 s).
   */
  static final int TURNS = 2 * Runtime.getRuntime().availableProcessors();

  private final java.util.concurrent.Semaphore searching =
      new java.util.concurrent.Semaphore(TURNS, true);

  /** A search handler, given the request's query. */
  private interface Searching {
    void answer(Context ctx, String q) throws IOException;
  }

  /**
   * Reads the query, waits for a turn and answers with {@code handler}; a server stopping while the
   * request waits answers 503.
   */
  private void inTurn(Context ctx, Searching handler) throws IOException {
    String q = query(ctx);
    try {
      searching.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "shutting_down", "the server is shutting down; try again", Map.of());
    }
    try {
      handler.answer(ctx, q);
    } finally {
      searching.release();
    }
  }

  void best(Context ctx) throws IOException {
    inTurn(ctx, this::best);
  }

  private void best(Context ctx, String q) throws IOException {
    BuyerLocale buyer = buyer(ctx, ctx.queryParam("locale"), q);
    List<Reply> replies = search.get().search(q, buyer.preferences(), null, CANDIDATES);
    if (replies.isEmpty()) {
      throw new ApiError(404, "no_match", "no template matches '" + abbreviate(q) + "'", Map.of());
    }
    Reply best = replies.get(0);
    if (!best.confident()) {
      // A random template presented as the answer is worse than none: say so, show the nearest.
      throw new ApiError(
          404,
          "no_confident_match",
          String.format(
              java.util.Locale.ROOT,
              "no template answers '%s' confidently (best confidence %.2f, needed %.2f)",
              abbreviate(q),
              best.confidence(),
              dev.replykb.search.Confidence.THRESHOLD),
          Map.of("candidates", replies.stream().map(r -> ReplyView.of(r, buyer)).toList()));
    }
    ctx.json(ReplyView.of(best, buyer));
  }

  void search(Context ctx) throws IOException {
    inTurn(ctx, this::search);
  }

  private void search(Context ctx, String q) throws IOException {
    BuyerLocale buyer = buyer(ctx, ctx.queryParam("locale"), q);
    int limit = limit(ctx, ReplySearch.MAX_LIMIT, DEFAULT_LIMIT);
    String category = ctx.queryParam("category");
    if (category != null && !TemplateId.isValidSegment(category)) {
      throw ApiError.badRequest(
          "category '" + abbreviate(category) + "' may only use a-z, 0-9 and inner '-'");
    }
    List<ReplyView> results =
        search.get().search(q, buyer.preferences(), category, limit).stream()
            .map(r -> ReplyView.of(r, buyer))
            .toList();
    Map<String, Object> answer = new LinkedHashMap<>();
    if (buyer.auto()) {
      answer.put(
          "detectedLocale", buyer.detected() == null ? null : buyer.detected().toLanguageTag());
    }
    answer.put("results", results);
    ctx.json(answer);
  }

  void template(Context ctx) {
    TemplateId id = EditRoutes.id(ctx);
    LocalePreferences preferences = preferences(ctx, ctx.queryParam("locale"));
    Reply reply =
        search
            .get()
            .template(id, preferences)
            .orElseThrow(() -> ApiError.notFound("no template with id '" + id + "'"));
    ctx.json(ReplyView.detailed(reply));
  }

  void suggest(Context ctx) throws IOException {
    String prefix = ctx.queryParam("prefix");
    if (prefix == null || prefix.isBlank()) {
      throw ApiError.badRequest("parameter 'prefix' is required: what the agent has typed so far");
    }
    if (prefix.length() > ReplySearch.MAX_PREFIX_LENGTH) {
      throw ApiError.limit(
          "prefix_length",
          ReplySearch.MAX_PREFIX_LENGTH,
          "parameter 'prefix' is "
              + prefix.length()
              + " characters long; at most "
              + ReplySearch.MAX_PREFIX_LENGTH);
    }
    int limit = limit(ctx, MAX_SUGGESTIONS, MAX_SUGGESTIONS);
    BuyerLocale buyer = buyer(ctx, ctx.queryParam("locale"), prefix);
    List<Map<String, Object>> suggestions = new ArrayList<>();
    for (ReplySearch.Suggestion s : search.get().suggest(prefix, buyer.preferences(), limit)) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("text", s.text());
      item.put("kind", s.kind());
      item.put("id", s.id());
      item.put("textLocale", s.locale());
      item.put("locale", s.reply().choice().served().toLanguageTag());
      item.put("fallback", s.reply().choice().fallback());
      item.put("title", s.reply().variant().title());
      suggestions.add(item);
    }
    ctx.json(Map.of("suggestions", suggestions));
  }

  /** The body of {@code POST /api/templates/{id}/used}: the locale of the variant sent. */
  record UsedRequest(String locale) {}

  void used(Context ctx) {
    TemplateId id = EditRoutes.id(ctx);
    if (search.get().catalog().template(id).isEmpty()) {
      throw ApiError.notFound("no template with id '" + id + "'");
    }
    String locale = "und";
    String body = ctx.body();
    if (!body.isBlank()) {
      UsedRequest request;
      try {
        request = json.readValue(body, UsedRequest.class);
      } catch (UnrecognizedPropertyException e) {
        throw ApiError.badRequest("unknown field '" + e.getPropertyName() + "'; expected locale");
      } catch (JacksonException e) {
        throw ApiError.badRequest(
            "malformed JSON: "
                + e.getOriginalMessage().lines().findFirst().orElse("")
                + "; expected {\"locale\": \"de\"}");
      }
      if (request != null && request.locale() != null) {
        try {
          locale = LocaleTags.parse(request.locale()).toLanguageTag();
        } catch (IllegalArgumentException e) {
          throw ApiError.badRequest("'locale': " + e.getMessage());
        }
      }
    }
    long uses = search.get().usage().record(id, locale);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", id.toString());
    answer.put("locale", locale);
    answer.put("uses", uses);
    answer.put("usesByLocale", search.get().usage().byLocale(id));
    ctx.status(201).json(answer);
  }

  /** The body of {@code POST /api/render}. */
  record RenderRequest(String id, String locale, Map<String, Object> variables) {}

  void render(Context ctx) {
    RenderRequest request;
    try {
      request = json.readValue(ctx.body(), RenderRequest.class);
    } catch (UnrecognizedPropertyException e) {
      throw ApiError.badRequest(
          "unknown field '" + e.getPropertyName() + "'; expected id, locale and variables");
    } catch (JacksonException e) {
      throw ApiError.badRequest(
          "malformed JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + "; expected {\"id\":…, \"locale\":…, \"variables\":{…}}");
    }
    if (request == null || request.id() == null) {
      throw ApiError.badRequest("'id' is required, such as \"logistics/delay-apology\"");
    }
    TemplateId id = templateId(request.id());
    LocalePreferences preferences = preferences(ctx, request.locale());
    Reply reply =
        search
            .get()
            .template(id, preferences)
            .orElseThrow(() -> ApiError.notFound("no template with id '" + id + "'"));
    Map<String, Object> variables = request.variables() == null ? Map.of() : request.variables();
    if (variables.size() > Renderer.MAX_VARIABLES) {
      throw ApiError.limit(
          "variables",
          Renderer.MAX_VARIABLES,
          variables.size() + " variables; at most " + Renderer.MAX_VARIABLES);
    }
    for (Map.Entry<String, Object> v : variables.entrySet()) {
      if (v.getKey().length() > Renderer.MAX_VALUE_LENGTH
          || String.valueOf(v.getValue()).length() > Renderer.MAX_VALUE_LENGTH) {
        throw ApiError.limit(
            "variable_length",
            Renderer.MAX_VALUE_LENGTH,
            "variable '"
                + abbreviate(v.getKey())
                + "' is longer than "
                + Renderer.MAX_VALUE_LENGTH
                + " characters");
      }
    }
    Renderer.Rendered rendered;
    try {
      rendered = renderer.render(reply.variant().body(), reply.choice().served(), variables);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", id.toString());
    answer.put("locale", reply.choice().served().toLanguageTag());
    answer.put("requestedLocale", reply.choice().requested().toLanguageTag());
    answer.put("fallback", reply.choice().fallback());
    answer.put(
        "convertedFrom",
        reply.choice().isConverted() ? reply.choice().convertedFrom().toLanguageTag() : null);
    answer.put("text", rendered.text());
    answer.put("missing", rendered.missing());
    ctx.json(answer);
  }

  void locales(Context ctx) {
    Catalog catalog = search.get().catalog();
    List<Map<String, Object>> locales = new ArrayList<>();
    catalog
        .variantCountsByLocale()
        .forEach(
            (tag, count) -> {
              ULocale locale = ULocale.forLanguageTag(tag);
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("locale", tag);
              entry.put("name", locale.getDisplayName(ULocale.ENGLISH));
              entry.put("nativeName", locale.getDisplayName(locale));
              entry.put("variants", count);
              locales.add(entry);
            });
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("sourceLocale", catalog.settings().sourceLocale().toLanguageTag());
    answer.put("fallbackLocale", catalog.settings().fallbackLocale().toLanguageTag());
    answer.put("templates", catalog.templates().size());
    answer.put("locales", locales);
    ctx.json(answer);
  }

  void translations(Context ctx) {
    Catalog catalog = search.get().catalog();
    String locale = catalogLocale(ctx.queryParam("locale"), catalog);
    if (locale != null && locale.equals(catalog.settings().sourceLocale().toLanguageTag())) {
      throw ApiError.badRequest(locale + " is the source locale, not a translation");
    }
    if (locale == null) {
      long entries =
          (long) catalog.templates().size()
              * Math.max(0, catalog.variantCountsByLocale().size() - 1);
      if (entries > maxStatusEntries) {
        throw new ApiError(
            413,
            "too_large",
            "the status of every locale at once would list "
                + entries
                + " entries (at most "
                + maxStatusEntries
                + "): ask for one locale, /api/translations?locale=…",
            Map.of("limit", "status_entries", "max", maxStatusEntries));
      }
    }
    // Streamed: a large catalog's status is tens of megabytes of JSON, never one string.
    ctx.jsonStream(TranslationStatus.of(catalog, locale).report(locale));
  }

  void lint(Context ctx) throws IOException {
    Catalog catalog = search.get().catalog();
    String locale = catalogLocale(ctx.queryParam("locale"), catalog);
    ctx.json(Finding.report(Lint.of(catalog).run(locale)));
  }

  /**
   * The canonical tag of a {@code locale} parameter that must name a locale of the catalog, or null
   * when absent: 400 when malformed, 404 when the catalog has no such locale.
   */
  private static String catalogLocale(String locale, Catalog catalog) {
    if (locale == null) {
      return null;
    }
    String tag;
    try {
      tag = LocaleTags.parse(locale).toLanguageTag();
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("parameter 'locale': " + e.getMessage());
    }
    if (!catalog.variantCountsByLocale().containsKey(tag)) {
      throw ApiError.notFound("the catalog has no " + tag + " variants");
    }
    return tag;
  }

  void problems(Context ctx) {
    List<Problem> problems = search.get().catalog().problems();
    ctx.json(Map.of("count", problems.size(), "problems", problems));
  }

  /**
   * Liveness: answered at once, also while the catalog loads ({@code /ready} says when searches are
   * answered); the catalog's size once it is loaded.
   */
  void health(Context ctx, boolean ready) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("status", "ok");
    answer.put("ready", ready);
    if (ready) {
      Catalog catalog = search.get().catalog();
      answer.put("templates", catalog.templates().size());
      answer.put("variants", catalog.variantCount());
      answer.put("problems", catalog.problems().size());
    }
    ctx.json(answer);
  }

  /** The most suggestions one request gets. */
  static final int MAX_SUGGESTIONS = 10;

  /** The {@code limit} parameter: a whole number from 1 to {@code max}. */
  private static int limit(Context ctx, int max, int fallback) {
    String text = ctx.queryParam("limit");
    if (text == null) {
      return fallback;
    }
    int limit;
    try {
      limit = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(
          "parameter 'limit' must be a whole number, not '" + abbreviate(text) + "'");
    }
    if (limit < 1 || limit > max) {
      throw ApiError.limit("result_limit", max, "limit must be between 1 and " + max);
    }
    return limit;
  }

  private static String query(Context ctx) {
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank()) {
      throw ApiError.badRequest("parameter 'q' is required: the words to search for");
    }
    if (q.length() > ReplySearch.MAX_QUERY_LENGTH) {
      throw ApiError.limit(
          "q_length",
          ReplySearch.MAX_QUERY_LENGTH,
          "parameter 'q' is "
              + q.length()
              + " characters long; at most "
              + ReplySearch.MAX_QUERY_LENGTH);
    }
    return q;
  }

  /**
   * The buyer's locales: the {@code locale} value (a tag or an Accept-Language list), else the
   * request's Accept-Language header, else none (the catalog's fallback locale applies).
   */
  /** The buyer's locales for a request about {@code text} ({@code locale=auto} detects them). */
  private BuyerLocale buyer(Context ctx, String locale, String text) {
    try {
      return BuyerLocale.resolve(
          locale, ctx.header("Accept-Language"), text, search.get().detector());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("parameter 'locale': " + e.getMessage());
    }
  }

  private static LocalePreferences preferences(Context ctx, String locale) {
    if (locale != null) {
      try {
        return LocalePreferences.parse(locale);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("parameter 'locale': " + e.getMessage());
      }
    }
    return LocalePreferences.parseHeader(ctx.header("Accept-Language"));
  }

  private static TemplateId templateId(String id) {
    try {
      return TemplateId.parse(id);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
