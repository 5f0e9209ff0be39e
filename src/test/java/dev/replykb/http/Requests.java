package dev.replykb.http;

import java.net.URI;
import java.net.http.HttpRequest;

/** The requests of the HTTP tests: any method, a JSON body or none, header name/value pairs. */
final class Requests {
  private Requests() {}

  static HttpRequest.Builder of(String method, String url, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request;
  }
}
