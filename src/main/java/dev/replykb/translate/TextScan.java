package dev.replykb.translate;

/**
 * The typography checks' searches, written out by hand: each finds what its regular expression
 * (quoted on it) finds, at the same place. Linting a million variants ran these expressions over
 * every body, and they were half of its time.
 */
final class TextScan {
  private TextScan() {}

  /** {@code \s} of {@link java.util.regex.Pattern}: space, tab, newline, VT, form feed, CR. */
  private static boolean space(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** What ends a line for {@code $} in multiline mode. */
  private static boolean lineEnd(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  /** {@code [ \t]+$} in multiline mode: where the first line ending in spaces or tabs has them. */
  static int trailingSpace(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        int j = i;
        while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
          j++;
        }
        if (j == n || lineEnd(text.charAt(j))) {
          return i;
        }
        i = j;
      }
    }
    return -1;
  }

  /** {@code (?<=\S) {2,}(?=\S)}: where two or more spaces first stand between two non-spaces. */
  static int doubledSpace(String text) {
    int n = text.length();
    for (int from = 0; ; ) {
      int i = text.indexOf("  ", from);
      if (i < 0) {
        return -1;
      }
      int start = i;
      while (start > 0 && text.charAt(start - 1) == ' ') {
        start--;
      }
      int end = i;
      while (end < n && text.charAt(end) == ' ') {
        end++;
      }
      if (start > 0 && !space(text.charAt(start - 1)) && end < n && !space(text.charAt(end))) {
        return start;
      }
      from = end;
    }
  }

  /** The first of {@code characters} in {@code text}, as a character class would find it. */
  static int anyOf(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** A word said twice in a row: where it starts, and the word as first written. */
  record Repeat(int start, int end, String word) {}

  /**
   * {@code (?<![\p{L}\p{N}])(\p{L}{2,})\s+\1(?![\p{L}\p{N}])}, case-insensitive in Unicode: each
   * match in turn, searching on after the previous one.
   */
  static java.util.List<Repeat> repeatedWords(String text) {
    java.util.List<Repeat> found = new java.util.ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      int c = text.codePointAt(i);
      if (!Character.isLetter(c)) {
        i += Character.charCount(c);
        continue;
      }
      int start = i;
      boolean wordStart = start == 0 || !letterOrDigit(text.codePointBefore(start));
      int end = start;
      int letters = 0;
      while (end < n && Character.isLetter(text.codePointAt(end))) {
        end += Character.charCount(text.codePointAt(end));
        letters++;
      }
      if (wordStart && letters >= 2) {
        int gap = end;
        while (gap < n && space(text.charAt(gap))) {
          gap++;
        }
        if (gap > end) {
          int second = sameLetters(text, start, end, gap);
          if (second >= 0 && (second == n || !letterOrDigit(text.codePointAt(second)))) {
            found.add(new Repeat(start, second, text.substring(start, end)));
            i = second;
            continue;
          }
        }
      }
      i = end;
    }
    return found;
  }

  private static boolean letterOrDigit(int c) {
    return Character.isLetter(c)
        || Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER
        || Character.getType(c) == Character.LETTER_NUMBER
        || Character.getType(c) == Character.OTHER_NUMBER;
  }

  /** Where {@code text[from..]} repeats {@code text[start..end]} ignoring case ends, or -1. */
  private static int sameLetters(String text, int start, int end, int from) {
    int a = start;
    int b = from;
    while (a < end) {
      if (b >= text.length()) {
        return -1;
      }
      int x = text.codePointAt(a);
      int y = text.codePointAt(b);
      if (x != y && fold(x) != fold(y)) {
        return -1;
      }
      a += Character.charCount(x);
      b += Character.charCount(y);
    }
    return b;
  }

  private static int fold(int c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }
}
