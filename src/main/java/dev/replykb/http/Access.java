package dev.replykb.http;

import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call what: every API request is checked here before its handler runs.
 *
 * <p>Three modes. With a tokens file every API request needs a token ({@code Authorization: Bearer
 * …}): 401 without one or with an unknown one, 403 when its role (or a translator's locales) does
 * not cover the request. Without one (the default, which {@code serve} binds to the loopback
 * interface only) anyone local may search but no one may edit or administer. Open mode ({@code
 * serve --open}, for a laptop) lets every request do everything.
 *
 * <p>Writes are also rate-limited per token (per caller in open mode), so a runaway script cannot
 * flood the catalog with edits.
 *
 * <p>Thread-safe.
 */
public final class Access {
  private static final Logger LOG = LoggerFactory.getLogger(Access.class);

  /** Default writes a token may make a minute, after a burst of as many. */
  public static final int DEFAULT_WRITES_PER_MINUTE = 60;

  private enum Mode {
    TOKENS,
    LOCAL,
    OPEN
  }

  private static final AccessTokens.Grant OPEN_GRANT =
      new AccessTokens.Grant("open", Role.ADMIN, java.util.List.of());
  private static final AccessTokens.Grant LOCAL_GRANT =
      new AccessTokens.Grant("local", Role.AGENT, java.util.List.of());

  /** The request attribute that holds the grant of the request, for the request log. */
  static final String GRANT = "replykb.grant";

  private final Mode mode;
  private final AccessTokens tokens;
  private final int writesPerMinute;
  private final ConcurrentMap<String, WriteBucket> buckets = new ConcurrentHashMap<>();

  private Access(Mode mode, AccessTokens tokens, int writesPerMinute) {
    if (writesPerMinute < 1) {
      throw new IllegalArgumentException("writes per minute must be at least 1");
    }
    this.mode = mode;
    this.tokens = tokens;
    this.writesPerMinute = writesPerMinute;
  }

  /** Every request may do everything: for a laptop, tests and embedding. */
  public static Access open() {
    return new Access(Mode.OPEN, AccessTokens.none(), DEFAULT_WRITES_PER_MINUTE);
  }

  /** No tokens: searching only, for a server that listens on the loopback interface. */
  public static Access local() {
    return new Access(Mode.LOCAL, AccessTokens.none(), DEFAULT_WRITES_PER_MINUTE);
  }

  /** Tokens decide; {@code writesPerMinute} is each token's write rate. */
  public static Access tokens(AccessTokens tokens, int writesPerMinute) {
    if (!tokens.configured()) {
      throw new IllegalArgumentException("the tokens file lists no token");
    }
    return new Access(Mode.TOKENS, tokens, writesPerMinute);
  }

  public boolean isOpen() {
    return mode == Mode.OPEN;
  }

  public boolean usesTokens() {
    return mode == Mode.TOKENS;
  }

  /** One line for the server log saying who may do what. */
  public String describe() {
    return switch (mode) {
      case OPEN ->
          "OPEN MODE: anyone who can reach this server may search, edit every template and"
              + " administer it, without a token (--open)";
      case LOCAL ->
          "no tokens file: searching only, and only from this machine; edits and administration"
              + " need serve --tokens FILE (or --open on a laptop)";
      case TOKENS -> tokens.size() + " API token(s); every API request needs one";
    };
  }

  /**
   * The grant of the request if it may act with {@code role}; throws the 401 or 403 to answer
   * otherwise.
   */
  AccessTokens.Grant require(Context ctx, Role role) {
    AccessTokens.Grant grant =
        switch (mode) {
          case OPEN -> OPEN_GRANT;
          case LOCAL -> {
            if (role != Role.AGENT) {
              throw new ApiError(
                  403,
                  "forbidden",
                  "this server has no tokens file, so no one may "
                      + (role == Role.ADMIN ? "administer it" : "edit templates")
                      + "; start it with serve --tokens FILE (or --open on a laptop)",
                  Map.of("role", role.label()));
            }
            yield LOCAL_GRANT;
          }
          case TOKENS -> {
            String presented = presented(ctx);
            if (presented == null) {
              ctx.header("WWW-Authenticate", "Bearer realm=\"replykb\"");
              throw new ApiError(
                  401,
                  "unauthorized",
                  "this request needs an API token (Authorization: Bearer <token>)",
                  Map.of());
            }
            AccessTokens.Grant found = tokens.grant(presented).orElse(null);
            if (found == null) {
              ctx.header("WWW-Authenticate", "Bearer realm=\"replykb\", error=\"invalid_token\"");
              throw new ApiError(401, "unauthorized", "the API token is not valid", Map.of());
            }
            yield found;
          }
        };
    ctx.attribute(GRANT, grant);
    if (!grant.role().includes(role)) {
      throw new ApiError(
          403,
          "forbidden",
          "this needs the " + role.label() + " role; the token has " + grant.role().label(),
          Map.of("role", role.label()));
    }
    return grant;
  }

  /**
   * Checks that {@code grant} (of {@link #require} with the translator role) may edit variants of
   * {@code locale}, and counts the write.
   */
  void requireEdit(Context ctx, AccessTokens.Grant grant, String locale) {
    if (!grant.mayEdit(locale)) {
      throw new ApiError(
          403,
          "forbidden",
          "the token of '"
              + grant.name()
              + "' may edit "
              + String.join(", ", grant.locales())
              + ", not "
              + locale,
          Map.of("locale", locale));
    }
    countWrite(ctx, grant);
  }

  /** Counts a write of {@code grant}; throws the 429 to answer when its rate is used up. */
  void countWrite(Context ctx, AccessTokens.Grant grant) {
    WriteBucket bucket = buckets.computeIfAbsent(grant.name(), n -> new WriteBucket());
    long waitMillis = bucket.take(writesPerMinute, System.nanoTime());
    if (waitMillis > 0) {
      long seconds = Math.max(1, (waitMillis + 999) / 1000);
      ctx.header("Retry-After", String.valueOf(seconds));
      LOG.warn("Write rate limit reached by '{}'", grant.name());
      throw new ApiError(
          429,
          "rate_limited",
          "at most "
              + writesPerMinute
              + " writes a minute per token; try again in "
              + seconds
              + " s",
          Map.of("limit", "writes_per_minute", "max", writesPerMinute));
    }
  }

  private static String presented(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).strip();
      return token.isEmpty() ? null : token;
    }
    String token = ctx.header("X-Replykb-Token");
    return token == null || token.isBlank() ? null : token.strip();
  }

  /**
   * A token bucket: {@code perMinute} writes at once, refilled at {@code perMinute} a minute.
   * Synchronized per bucket: writes are rare next to searches, and never on their path.
   */
  static final class WriteBucket {
    private double available = -1;
    private long updated;

    /** Takes one write; 0 when allowed, else the milliseconds until one is. */
    synchronized long take(int perMinute, long now) {
      if (available < 0) {
        available = perMinute;
        updated = now;
      }
      double perNano = perMinute / 60e9;
      available = Math.min(perMinute, available + (now - updated) * perNano);
      updated = now;
      if (available >= 1) {
        available -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - available) / perNano / 1e6);
    }
  }
}
