package dev.replykb.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request it refuses before the app sees it: a NUL or a {@code ..}
 * above the root in the path, a malformed request line) as the app's JSON errors, not an HTML page,
 * and never with a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus() : 400;
    Object given = request.getAttribute(ERROR_STATUS);
    if (given instanceof Integer s && s >= 400) {
      status = s;
    }
    String code = status == 404 ? "not_found" : status >= 500 ? "internal_error" : "bad_request";
    String message =
        status >= 500
            ? "internal error"
            : "the request was refused as malformed (HTTP " + status + ")";
    String json = "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}";
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
