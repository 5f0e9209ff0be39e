package dev.replykb.locale;

import com.ibm.icu.text.Transliterator;

/**
 * Converts Chinese text between Simplified and Traditional script with ICU's transforms.
 *
 * <p>ICU transliterators are stateless, so one instance of each serves all threads. Each is built
 * on first use (building one parses thousands of rules): a catalog without Chinese never pays.
 */
public final class ScriptConverter {
  private ScriptConverter() {}

  private static final class ToTraditional {
    static final Transliterator INSTANCE = Transliterator.getInstance("Simplified-Traditional");
  }

  private static final class ToSimplified {
    static final Transliterator INSTANCE = Transliterator.getInstance("Traditional-Simplified");
  }

  public static String toTraditional(String text) {
    return ToTraditional.INSTANCE.transliterate(text);
  }

  public static String toSimplified(String text) {
    return ToSimplified.INSTANCE.transliterate(text);
  }

  /**
   * Converts to {@code script} ({@code Hant} or {@code Hans}); other scripts are left as they are.
   */
  public static String toScript(String text, String script) {
    return switch (script) {
      case "Hant" -> toTraditional(text);
      case "Hans" -> toSimplified(text);
      default -> text;
    };
  }
}
