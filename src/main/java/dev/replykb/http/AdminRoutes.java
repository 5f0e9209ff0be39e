package dev.replykb.http;

import dev.replykb.catalog.Catalog;
import dev.replykb.search.ReplySearch;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What an administrator may ask of a running server: {@code POST /api/admin/reload} (take in every
 * file that changed on disk, as a restart would) and {@code POST /api/admin/reindex} (rebuild the
 * index from the catalog). Each counts as a write of the administrator's token.
 */
final class AdminRoutes {
  private final Supplier<ReplySearch> search;
  private final Access access;

  AdminRoutes(Supplier<ReplySearch> search, Access access) {
    this.search = search;
    this.access = access;
  }

  void reload(Context ctx) throws IOException {
    access.countWrite(ctx, ctx.attribute(Access.GRANT));
    Catalog before = search.get().catalog();
    Catalog now = search.get().reload();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("changed", now != before);
    answer.put("templates", now.templates().size());
    answer.put("variants", now.variantCount());
    answer.put("problems", now.problems().size());
    ctx.json(answer);
  }

  void reindex(Context ctx) throws IOException {
    access.countWrite(ctx, ctx.attribute(Access.GRANT));
    long start = System.nanoTime();
    int variants = search.get().reindex();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("variants", variants);
    answer.put("millis", (System.nanoTime() - start) / 1_000_000);
    ctx.json(answer);
  }
}
