package dev.replykb.bench;

import io.javalin.Javalin;

/**
 * A Javalin server with one endpoint that answers a constant, as {@code serve} would answer if
 * searching cost nothing: the HTTP and JSON overhead alone, for comparison in the load test; and
 * the floor of a start, for comparison in the startup section ({@code PORT --stop-after MILLIS}
 * stops it after that long, for training a startup cache).
 */
public final class BareServer {
  private BareServer() {}

  public static void main(String[] args) {
    byte[] answer = "{\"id\":\"logistics/delay-apology\",\"locale\":\"de\"}".getBytes(
        java.nio.charset.StandardCharsets.UTF_8);
    Javalin app =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.routes.get(
                      "/api/best",
                      ctx -> ctx.contentType("application/json").result(answer));
                })
            .start("127.0.0.1", Integer.parseInt(args[0]));
    System.out.println("bare server on " + app.port());
    if (args.length > 1 && args[1].equals("--stop-after")) {
      // A training run of the JVM's startup cache: stops after a few seconds, so the JVM exits
      // and writes the cache (the startup section answers it once meanwhile).
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  Thread.sleep(Long.parseLong(args[2]));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                app.stop();
              });
    }
  }
}
