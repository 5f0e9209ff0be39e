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

    /**
     * ICU's Traditional-Simplified rules (3,201 characters and 976 phrases such as 螢幕 > 荧幕), read
     * from the transform itself and applied by lookup: the index converts every Traditional title,
     * tag and body, and ICU's rule engine is tens of times slower than a table. A phrase starting
     * at a position wins over the character, longest first, as in ICU (whose rules may not mask one
     * another).
     */
    static final char[] CHARS = new char[Character.MAX_VALUE + 1];

    static final java.util.Map<Integer, String> OTHER_CHARS = new java.util.HashMap<>();
    static final java.util.Map<String, String> PHRASES = new java.util.HashMap<>();
    static final java.util.BitSet PHRASE_STARTS = new java.util.BitSet();
    static int longestPhrase;

    static {
      for (String line : INSTANCE.toRules(false).split("\n")) {
        int arrow = line.indexOf('>');
        if (arrow < 0) {
          continue;
        }
        String from = line.substring(0, arrow).strip();
        String to = line.substring(arrow + 1).strip();
        if (to.endsWith(";")) {
          to = to.substring(0, to.length() - 1).strip();
        }
        int first = from.codePointAt(0);
        if (Character.charCount(first) == from.length()) {
          if (first <= Character.MAX_VALUE && to.length() == 1) {
            CHARS[first] = to.charAt(0);
          } else {
            OTHER_CHARS.put(first, to);
          }
        } else {
          PHRASES.put(from, to);
          PHRASE_STARTS.set(first);
          longestPhrase = Math.max(longestPhrase, from.length());
        }
      }
    }

    static String convert(String text) {
      StringBuilder out = null;
      int i = 0;
      while (i < text.length()) {
        int cp = text.codePointAt(i);
        int width = Character.charCount(cp);
        String replacement = null;
        int consumed = width;
        if (PHRASE_STARTS.get(cp)) {
          for (int n = Math.min(longestPhrase, text.length() - i); n > width; n--) {
            String phrase = PHRASES.get(text.substring(i, i + n));
            if (phrase != null) {
              replacement = phrase;
              consumed = n;
              break;
            }
          }
        }
        if (replacement == null) {
          if (cp <= Character.MAX_VALUE && CHARS[cp] != 0) {
            replacement = String.valueOf(CHARS[cp]);
          } else {
            replacement = OTHER_CHARS.get(cp);
          }
        }
        if (replacement != null && out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        if (out != null) {
          if (replacement != null) {
            out.append(replacement);
          } else {
            out.append(text, i, i + consumed);
          }
        }
        i += consumed;
      }
      return out == null ? text : out.toString();
    }
  }

  public static String toTraditional(String text) {
    return ToTraditional.INSTANCE.transliterate(text);
  }

  public static String toSimplified(String text) {
    return ToSimplified.convert(text);
  }

  /** The characters of the Traditional-Simplified phrase rules, for tests. */
  static java.util.Set<Integer> phraseCharacters() {
    java.util.Set<Integer> chars = new java.util.TreeSet<>();
    ToSimplified.PHRASES.keySet().forEach(p -> p.codePoints().forEach(chars::add));
    return chars;
  }

  /** ICU's rule engine itself, for checking the table against it. */
  static String toSimplifiedByRules(String text) {
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
