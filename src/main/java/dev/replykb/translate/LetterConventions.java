package dev.replykb.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.ibm.icu.util.ULocale;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How an e-mail opens and closes in each language ({@code letters.yaml} beside this class): "Guten
 * Tag …" and "Mit freundlichen Grüßen", "{customer}様" and "よろしくお願い申し上げます". An e-mail reply whose
 * first line is not a greeting of its own language (an English "Dear" left in a German translation)
 * or whose last lines hold no sign-off is a finding.
 *
 * <p>Immutable and thread-safe; the bundled conventions are read once.
 */
final class LetterConventions {
  /** A language's greeting and sign-off patterns. */
  record Convention(Pattern greeting, Pattern signOff) {}

  private static final LetterConventions BUNDLED = read();

  private final Map<String, Convention> byLanguage;

  private LetterConventions(Map<String, Convention> byLanguage) {
    this.byLanguage = Map.copyOf(byLanguage);
  }

  static LetterConventions bundled() {
    return BUNDLED;
  }

  /** The convention of {@code locale}'s language, or null when none is known. */
  Convention of(ULocale locale) {
    return byLanguage.get(locale.getLanguage());
  }

  private static LetterConventions read() {
    try (InputStream in = LetterConventions.class.getResourceAsStream("letters.yaml")) {
      if (in == null) {
        throw new IllegalStateException("letters.yaml is missing from the jar");
      }
      JsonNode root = new YAMLMapper().readTree(in);
      Map<String, Convention> byLanguage = new HashMap<>();
      root.properties()
          .forEach(
              e ->
                  byLanguage.put(
                      e.getKey(),
                      new Convention(
                          compile(e.getValue().get("greeting").asText()),
                          compile(e.getValue().get("sign-off").asText()))));
      return new LetterConventions(byLanguage);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Pattern compile(String regex) {
    return Pattern.compile(
        regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
  }
}
