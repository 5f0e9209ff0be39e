package dev.replykb.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request on the logger {@code replykb.requests}: method, path, status, time, and
 * who asked (the token's name and role). Never the query string (a buyer's message is personal
 * data), a body (templates and drafts) or a token.
 */
final class RequestLog {
  private static final Logger LOG = LoggerFactory.getLogger("replykb.requests");

  /** The request attribute with {@link System#nanoTime()} at its start. */
  static final String START = "replykb.start";

  private final ObjectMapper json;

  RequestLog(ObjectMapper json) {
    this.json = json;
  }

  void log(Context ctx, Float millis) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    LOG.info(line(ctx, millis));
  }

  String line(Context ctx, Float millis) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("method", ctx.method().name());
    entry.put("path", ctx.path());
    entry.put("status", ctx.statusCode());
    entry.put("ms", millis == null ? null : Math.round(millis * 100) / 100.0);
    AccessTokens.Grant grant = ctx.attribute(Access.GRANT);
    if (grant != null) {
      entry.put("token", grant.name());
      entry.put("role", grant.role().label());
    }
    entry.put("remote", ctx.ip());
    try {
      return json.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      return "{\"method\":\"" + ctx.method().name() + "\",\"unloggable\":true}";
    }
  }
}
