package dev.replykb.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.LocaleTags;
import dev.replykb.search.ReplySearch;
import dev.replykb.translate.CatalogEditor;
import dev.replykb.translate.Finding;
import dev.replykb.translate.SourceHash;
import dev.replykb.translate.SourceHistory;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reading and writing one variant: {@code GET}, {@code PUT} and {@code DELETE
 * /api/templates/{category}/{name}/{locale}}. Writes need a translator's token for the locale (see
 * {@link Access}) and the variant's current ETag.
 */
final class EditRoutes {
  private final Supplier<ReplySearch> search;
  private final Supplier<CatalogEditor> editor;
  private final Access access;
  private final SourceHistory history;
  private final ObjectMapper json;

  EditRoutes(
      Supplier<ReplySearch> search,
      Supplier<CatalogEditor> editor,
      Access access,
      SourceHistory history,
      ObjectMapper json) {
    this.search = search;
    this.editor = editor;
    this.access = access;
    this.history = history;
    this.json = json;
  }

  void get(Context ctx) throws IOException {
    TemplateId id = id(ctx);
    ULocale locale = locale(ctx);
    Variant v =
        search
            .get()
            .catalog()
            .template(id)
            .flatMap(t -> t.variant(locale.toLanguageTag()))
            .orElseThrow(
                () ->
                    ApiError.notFound("no " + locale.toLanguageTag() + " variant of '" + id + "'"));
    String etag = editor.get().etag(id, locale);
    if (etag != null) {
      ctx.header("ETag", etag);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", id.toString());
    answer.put("locale", v.localeTag());
    answer.put("file", v.file());
    answer.put("etag", etag);
    answer.put("title", v.title());
    answer.put("tags", v.tags());
    answer.put("examples", v.examples());
    answer.put("channel", v.channel().label());
    answer.put("tone", v.tone() == null ? null : v.tone().label());
    answer.put("shortcut", v.shortcut());
    answer.put("sourceHash", v.sourceHash());
    answer.put("omits", v.omits());
    answer.put("body", v.body().pattern());
    ctx.json(answer);
  }

  void put(Context ctx) throws IOException {
    AccessTokens.Grant grant = access.require(ctx, Role.TRANSLATOR);
    TemplateId id = id(ctx);
    ULocale locale = locale(ctx);
    access.requireEdit(ctx, grant, locale.toLanguageTag());
    CatalogEditor.Draft draft = draft(ctx);
    CatalogEditor.Written written;
    try {
      written =
          editor.get().put(id, locale, draft, ctx.header("If-Match"), ctx.header("If-None-Match"));
    } catch (CatalogEditor.Conflict e) {
      throw conflict(e);
    } catch (CatalogEditor.PreconditionRequired e) {
      throw new ApiError(428, "precondition_required", e.getMessage(), Map.of());
    } catch (CatalogEditor.Rejected e) {
      throw new ApiError(
          422,
          "rejected",
          e.getMessage(),
          Map.of("findings", e.findings().stream().map(Finding::fields).toList()));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    String sourceTag = search.get().catalog().settings().sourceLocale().toLanguageTag();
    if (!locale.toLanguageTag().equals(sourceTag)) {
      // The text this translation was made from, for the comparison once the source changes.
      search
          .get()
          .catalog()
          .template(id)
          .flatMap(t -> t.variant(sourceTag))
          .ifPresent(history::keep);
    }
    ctx.header("ETag", written.etag());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", id.toString());
    answer.put("locale", locale.toLanguageTag());
    answer.put("file", written.file());
    answer.put("etag", written.etag());
    answer.put("sourceHash", written.sourceHash());
    answer.put("created", written.created());
    answer.put("findings", written.findings().stream().map(Finding::fields).toList());
    ctx.status(written.created() ? 201 : 200).json(answer);
  }

  /** The findings a save of the draft would get, without saving: open, like every read. */
  void check(Context ctx) throws IOException {
    TemplateId id = id(ctx);
    ULocale locale = locale(ctx);
    CatalogEditor.Draft draft = draft(ctx);
    try {
      ctx.json(Finding.report(editor.get().check(id, locale, draft)));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  /**
   * The source variant a translation is made from, now and (when on record) as it was when the
   * translation was made: what changed since, for an outdated translation.
   */
  void source(Context ctx) {
    TemplateId id = id(ctx);
    ULocale locale = locale(ctx);
    Catalog catalog = search.get().catalog();
    String sourceTag = catalog.settings().sourceLocale().toLanguageTag();
    Template template =
        catalog
            .template(id)
            .orElseThrow(() -> ApiError.notFound("no template with id '" + id + "'"));
    Variant source =
        template
            .variant(sourceTag)
            .orElseThrow(() -> ApiError.notFound("'" + id + "' has no " + sourceTag + " source"));
    String hash = SourceHash.of(source.title(), source.body().pattern());
    String recorded =
        template.variant(locale.toLanguageTag()).map(Variant::sourceHash).orElse(null);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", id.toString());
    answer.put("sourceLocale", sourceTag);
    answer.put("current", new SourceHistory.Version(hash, source.title(), source.body().pattern()));
    answer.put("recordedHash", recorded);
    answer.put(
        "translatedFrom",
        recorded == null || recorded.equals(hash) ? null : history.find(recorded).orElse(null));
    ctx.json(answer);
  }

  private CatalogEditor.Draft draft(Context ctx) {
    CatalogEditor.Draft draft;
    try {
      draft = json.readValue(ctx.body(), CatalogEditor.Draft.class);
    } catch (UnrecognizedPropertyException e) {
      throw ApiError.badRequest(
          "unknown field '"
              + e.getPropertyName()
              + "'; expected title, tags, examples, channel, tone, shortcut, omits, body");
    } catch (JacksonException e) {
      throw ApiError.badRequest(
          "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (draft == null || draft.title() == null || draft.title().isBlank()) {
      throw ApiError.badRequest("'title' is required");
    }
    if (draft.body() == null || draft.body().isBlank()) {
      throw ApiError.badRequest("'body' is required");
    }
    return draft;
  }

  void delete(Context ctx) throws IOException {
    AccessTokens.Grant grant = access.require(ctx, Role.TRANSLATOR);
    TemplateId id = id(ctx);
    ULocale locale = locale(ctx);
    access.requireEdit(ctx, grant, locale.toLanguageTag());
    String file;
    try {
      file = editor.get().delete(id, locale, ctx.header("If-Match"));
    } catch (CatalogEditor.Conflict e) {
      throw conflict(e);
    } catch (CatalogEditor.PreconditionRequired e) {
      throw new ApiError(428, "precondition_required", e.getMessage(), Map.of());
    }
    if (file == null) {
      throw ApiError.notFound("no " + locale.toLanguageTag() + " variant of '" + id + "'");
    }
    ctx.json(Map.of("id", id.toString(), "locale", locale.toLanguageTag(), "deleted", file));
  }

  private static ApiError conflict(CatalogEditor.Conflict e) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("currentEtag", e.currentEtag());
    return new ApiError(412, "precondition_failed", e.getMessage(), details);
  }

  static TemplateId id(Context ctx) {
    try {
      return new TemplateId(ctx.pathParam("category"), ctx.pathParam("name"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  private static ULocale locale(Context ctx) {
    try {
      return LocaleTags.parse(ctx.pathParam("locale"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("locale: " + e.getMessage());
    }
  }
}
