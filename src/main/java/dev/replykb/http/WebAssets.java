package dev.replykb.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The web pages for agents ({@code /}) and translators ({@code /translate}) and their scripts and
 * styles, read from the jar once ({@code dev/replykb/http/web/}) and served from memory. Nothing is
 * loaded from elsewhere: the Content-Security-Policy allows this server only.
 *
 * <p>Immutable and thread-safe.
 */
final class WebAssets {
  /** Only this server's own scripts, styles and API: no CDN, no inline script, no framing. */
  private static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml");

  private final Map<String, byte[]> files = new TreeMap<>();

  WebAssets() {
    for (String name :
        new String[] {
          "agent.html",
          "translate.html",
          "app.css",
          "common.js",
          "agent.js",
          "translate.js",
          "icon.svg"
        }) {
      files.put(name, read(name));
    }
  }

  private static byte[] read(String name) {
    try (InputStream in = WebAssets.class.getResourceAsStream("web/" + name)) {
      if (in == null) {
        throw new IllegalStateException("web/" + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void agentPage(Context ctx) {
    serve(ctx, "agent.html");
  }

  void translatorPage(Context ctx) {
    serve(ctx, "translate.html");
  }

  /** {@code /assets/{file}}: a script, style or icon, or a JSON 404. */
  void asset(Context ctx) {
    String name = ctx.pathParam("file");
    if (name.endsWith(".html") || !files.containsKey(name)) {
      throw ApiError.notFound("no asset '" + name + "'");
    }
    serve(ctx, name);
  }

  private void serve(Context ctx, String name) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    // The jar is the version: a new build is a restart, so a short cache is enough.
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
    ctx.result(files.get(name));
  }
}
