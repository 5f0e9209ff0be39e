package dev.replykb.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens that allow writing to the catalog, configured outside it: the environment variable
 * {@value #ENVIRONMENT} (comma-separated) and/or a file given to {@code serve} (one token per line,
 * {@code #} comments). Only their SHA-256 digests are kept; a presented token is compared with
 * every one of them in constant time, so the comparison leaks nothing of a token's content.
 */
public final class TranslatorTokens {
  public static final String ENVIRONMENT = "REPLYKB_TRANSLATOR_TOKENS";

  /** Tokens shorter than this are refused when configured: they could be guessed. */
  static final int MIN_LENGTH = 16;

  private final List<byte[]> digests;

  private TranslatorTokens(List<byte[]> digests) {
    this.digests = List.copyOf(digests);
  }

  public static TranslatorTokens none() {
    return new TranslatorTokens(List.of());
  }

  /**
   * Reads the tokens from an environment value (or null) and a file (or null).
   *
   * @throws IllegalArgumentException for a token that is too short
   */
  public static TranslatorTokens from(String environment, Path file) throws IOException {
    List<String> tokens = new ArrayList<>();
    if (environment != null) {
      for (String token : environment.split(",")) {
        if (!token.isBlank()) {
          tokens.add(token.strip());
        }
      }
    }
    if (file != null) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException(
            "the translator tokens file '" + file + "' cannot be read (" + e + ")", e);
      }
      for (String line : lines) {
        String token = line.strip();
        if (!token.isEmpty() && !token.startsWith("#")) {
          tokens.add(token);
        }
      }
    }
    List<byte[]> digests = new ArrayList<>();
    for (String token : tokens) {
      if (token.length() < MIN_LENGTH) {
        throw new IllegalArgumentException(
            "a translator token must have at least " + MIN_LENGTH + " characters");
      }
      digests.add(sha256(token));
    }
    return new TranslatorTokens(digests);
  }

  public boolean configured() {
    return !digests.isEmpty();
  }

  /** Whether {@code presented} is one of the tokens; the time taken does not depend on which. */
  public boolean accepts(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] digest = sha256(presented);
    boolean accepted = false;
    for (byte[] known : digests) {
      accepted |= MessageDigest.isEqual(digest, known);
    }
    return accepted;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
