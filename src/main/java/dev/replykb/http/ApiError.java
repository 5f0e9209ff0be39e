package dev.replykb.http;

import java.util.Map;

/**
 * An answer other than success, thrown by a handler and turned into JSON in one place.
 *
 * <p>{@code code} is a stable machine-readable word ({@code bad_request}, {@code not_found}, {@code
 * no_match}); {@code message} says what was wrong, quoting the input.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient Map<String, Object> details;

  ApiError(int status, String code, String message, Map<String, Object> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = Map.copyOf(details);
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message, Map.of());
  }

  /**
   * A request beyond one of the server's limits: 400 (413 for sizes of a body) with the limit's
   * name and its maximum, so that a client can tell which one it hit.
   */
  static ApiError limit(String limit, long max, String message) {
    return new ApiError(400, "limit_exceeded", message, Map.of("limit", limit, "max", max));
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message, Map.of());
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, Object> details() {
    return details;
  }
}
