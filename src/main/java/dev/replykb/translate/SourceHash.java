package dev.replykb.translate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * The hash a translation records of the source variant it was translated from ({@code
 * source-hash}), so that a change of the source shows the translation is outdated.
 *
 * <p>Definition, for other tools to compute it alike:
 *
 * <ol>
 *   <li>take the source variant's title, without leading and trailing whitespace;
 *   <li>take its body: the text after the closing {@code ---} line, with line endings normalized to
 *       LF, leading blank lines removed and trailing whitespace removed;
 *   <li>join them as {@code title + "\n" + body} and normalize to Unicode NFC;
 *   <li>SHA-256 of the UTF-8 bytes, lower-case hex, the first 16 characters.
 * </ol>
 *
 * <p>Front-matter keys other than the title (tags, examples, tone) do not count: a new tag is not a
 * new text to translate.
 */
public final class SourceHash {
  /** Hex characters kept: 64 bits, plenty to tell versions of one text apart. */
  static final int LENGTH = 16;

  private SourceHash() {}

  /** The hash of a title and a body as the catalog loads them (or as written in a file). */
  public static String of(String title, String body) {
    String normalizedBody = body.replace("\r\n", "\n").replace('\r', '\n');
    normalizedBody = normalizedBody.replaceFirst("\\A(?:[ \\t]*\\n)+", "").stripTrailing();
    String text = Normalizer.normalize(title.strip() + "\n" + normalizedBody, Normalizer.Form.NFC);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
