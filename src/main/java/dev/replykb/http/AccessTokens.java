package dev.replykb.http;

import com.ibm.icu.util.ULocale;
import dev.replykb.locale.LocaleTags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API tokens of a server, read from a file given to {@code serve --tokens}: one token per line
 * as {@code NAME ROLE sha256:HEX [LOCALES]}, for example {@code anna translator sha256:9f86…
 * de,fr}; {@code #} starts a comment. The file holds only SHA-256 digests of the tokens (made with
 * {@code replykb token}), so a copy of it gives no one access: tokens are 32 random bytes, for
 * which a plain digest is as strong as a slow password hash.
 *
 * <p>A presented token is compared with every digest in constant time, so neither the answer's
 * timing nor its content tells how close a guess was or which line it matched.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessTokens {
  /** A token as generated: 32 random bytes, URL-safe Base64 without padding (43 characters). */
  private static final int TOKEN_BYTES = 32;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Who holds a token and what it allows; {@code locales} empty means every locale. */
  record Grant(String name, Role role, List<String> locales) {
    Grant {
      locales = List.copyOf(locales);
    }

    /**
     * Whether this grant may edit variants of {@code tag}: a listed locale covers itself and the
     * tags below it ({@code de} covers {@code de-AT}, {@code zh-Hant} covers {@code zh-Hant-TW}).
     */
    boolean mayEdit(String tag) {
      if (!role.includes(Role.TRANSLATOR)) {
        return false;
      }
      if (locales.isEmpty() || role == Role.ADMIN) {
        return true;
      }
      for (String listed : locales) {
        if (tag.equals(listed) || tag.startsWith(listed + "-")) {
          return true;
        }
      }
      return false;
    }
  }

  private record Entry(byte[] digest, Grant grant) {}

  private final List<Entry> entries;

  private AccessTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static AccessTokens none() {
    return new AccessTokens(List.of());
  }

  /**
   * Reads a tokens file.
   *
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException for a malformed line, quoting the file and line number
   */
  public static AccessTokens read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("the tokens file '" + file + "' cannot be read (" + e + ")", e);
    }
    List<Entry> entries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (content.isEmpty()) {
        continue;
      }
      String where = file + ":" + (i + 1) + ": ";
      Entry entry;
      try {
        entry = parse(content);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
      if (names.contains(entry.grant().name())) {
        throw new IllegalArgumentException(
            where + "the name '" + entry.grant().name() + "' is used twice");
      }
      names.add(entry.grant().name());
      entries.add(entry);
    }
    return new AccessTokens(entries);
  }

  private static Entry parse(String content) {
    String[] fields = content.split("\\s+");
    if (fields.length < 3 || fields.length > 4) {
      throw new IllegalArgumentException(
          "expected NAME ROLE sha256:HEX [LOCALES], found " + fields.length + " field(s)");
    }
    if (!NAME.matcher(fields[0]).matches()) {
      throw new IllegalArgumentException(
          "the name '" + fields[0] + "' may use letters, digits, '.', '_', '@' and '-'");
    }
    Role role = Role.parse(fields[1]);
    if (!DIGEST.matcher(fields[2]).matches()) {
      throw new IllegalArgumentException(
          "the token must be given as sha256: and 64 lowercase hex digits (replykb token makes"
              + " them), never in plain text");
    }
    List<String> locales = fields.length == 4 ? locales(fields[3]) : List.of();
    if (!locales.isEmpty() && role != Role.TRANSLATOR) {
      throw new IllegalArgumentException("only a translator's token lists locales");
    }
    byte[] digest = HexFormat.of().parseHex(fields[2].substring("sha256:".length()));
    return new Entry(digest, new Grant(fields[0], role, locales));
  }

  /** Canonical tags of a comma-separated list. */
  static List<String> locales(String list) {
    List<String> tags = new ArrayList<>();
    for (String part : list.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      ULocale locale;
      try {
        locale = LocaleTags.parse(part.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("locale '" + part.strip() + "': " + e.getMessage(), e);
      }
      tags.add(locale.toLanguageTag());
    }
    return tags;
  }

  public boolean configured() {
    return !entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /**
   * The grant of {@code presented}, if it is one of the tokens. Every digest is compared, whether
   * or not an earlier one matched, each in constant time.
   */
  Optional<Grant> grant(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > 512) {
      return Optional.empty();
    }
    byte[] digest = sha256(presented);
    Grant found = null;
    for (Entry entry : entries) {
      boolean equal = MessageDigest.isEqual(digest, entry.digest());
      if (equal && found == null) {
        found = entry.grant();
      }
    }
    return Optional.ofNullable(found);
  }

  /** A new random token, to be handed to its holder once. */
  static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The line of a tokens file that grants {@code token}; the token itself is not in it. */
  static String line(String name, Role role, List<String> locales, String token) {
    Entry entry =
        parse(
            name
                + " "
                + role.label()
                + " sha256:"
                + HexFormat.of().formatHex(sha256(token))
                + (locales.isEmpty() ? "" : " " + String.join(",", locales)));
    return entry.grant().name()
        + " "
        + role.label()
        + " sha256:"
        + HexFormat.of().formatHex(entry.digest())
        + (locales.isEmpty() ? "" : " " + String.join(",", entry.grant().locales()));
  }

  /**
   * Makes a new token for {@code name} with {@code role} (and, for a translator, the
   * comma-separated {@code locales} it may edit, or null for all), appends its line to {@code file}
   * (created when missing) and returns the token: the only time it is seen.
   *
   * @throws IllegalArgumentException for a bad name, role or locale, or a name already in the file
   */
  public static String issue(Path file, String name, String role, String locales)
      throws IOException {
    String token = newToken();
    String line =
        line(name, Role.parse(role), locales == null ? List.of() : locales(locales), token);
    if (Files.exists(file) && read(file).names().contains(name)) {
      throw new IllegalArgumentException("the name '" + name + "' is in " + file + " already");
    }
    String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    String header =
        before.isEmpty()
            ? "# replykb API tokens: NAME ROLE sha256:DIGEST [LOCALES]. Made with replykb token;\n"
                + "# the tokens themselves are not kept here.\n"
            : before.endsWith("\n") ? "" : "\n";
    dev.replykb.catalog.AtomicFile.write(
        file, (before + header + line + "\n").getBytes(StandardCharsets.UTF_8));
    return token;
  }

  private List<String> names() {
    return entries.stream().map(e -> e.grant().name()).toList();
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
