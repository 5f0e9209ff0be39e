package dev.replykb.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * A reader for the front matter most files have, without a YAML parser: {@code key: text} lines,
 * flow lists ({@code tags: [a, b]}) and block lists ({@code - item} lines under {@code key:}),
 * every value a plain word-led text. It reads what YAML reads or nothing: any line outside that
 * subset (quotes, comments, a colon in a value, a value YAML would type as a number, a boolean or
 * null, a duplicate key, a continuation line, ...) makes it answer null, and the file goes to the
 * YAML parser, which also reports what is wrong with it.
 *
 * <p>Reading the files is about a quarter of building a million-variant index, and the YAML parser
 * was a third of reading them.
 */
final class PlainFrontMatter {
  private PlainFrontMatter() {}

  /** YAML 1.1 reads these (in any case) as booleans or null, not as text. */
  private static final Set<String> TYPED_WORDS =
      Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");

  /** Beyond this the YAML parser's own size limit must decide. */
  private static final int MAX_CHARS = 64 * 1024;

  /**
   * The front matter's keys and values as the YAML parser would read them, or null when a line is
   * outside the plain subset.
   *
   * @param lines the lines between the two fences
   */
  static ObjectNode read(String[] lines) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode root = nodes.objectNode();
    int chars = 0;
    ArrayNode block = null; // the list of the last "key:" line, while its items follow
    int blockIndent = -1; // the indentation of that list's items
    for (String line : lines) {
      chars += line.length() + 1;
      if (chars > MAX_CHARS) {
        return null;
      }
      if (line.isBlank()) {
        if (!line.isEmpty()) {
          return null; // whitespace-only lines: let YAML judge their indentation
        }
        continue;
      }
      if (line.indexOf('#') >= 0 || line.indexOf('\t') >= 0) {
        return null; // comments, and tabs YAML may refuse
      }
      int dash = 0;
      while (dash < line.length() && line.charAt(dash) == ' ') {
        dash++;
      }
      if (dash < line.length() - 1 && line.charAt(dash) == '-' && line.charAt(dash + 1) == ' ') {
        if (block == null || (blockIndent >= 0 && dash != blockIndent)) {
          return null; // an item of no list, or indented otherwise (a continued value in YAML)
        }
        blockIndent = dash;
        String item = stripSpaces(line.substring(dash + 2));
        if (!plain(item, false)) {
          return null;
        }
        block.add(item);
        continue;
      }
      if (dash > 0) {
        return null; // an indented line that is no item: a continued value or a nested mapping
      }
      if (block != null && block.isEmpty()) {
        return null; // "key:" with nothing under it is null in YAML
      }
      block = null;
      blockIndent = -1;
      int colon = line.indexOf(':');
      if (colon <= 0 || !key(line, colon)) {
        return null;
      }
      String key = line.substring(0, colon);
      if (root.has(key)) {
        return null; // a duplicate: YAML reports it
      }
      if (colon + 1 < line.length() && line.charAt(colon + 1) != ' ') {
        return null;
      }
      String value = stripSpaces(line.substring(colon + 1));
      if (value.isEmpty()) {
        block = root.putArray(key);
      } else if (value.charAt(0) == '[') {
        ArrayNode list = flowList(value, nodes);
        if (list == null) {
          return null;
        }
        root.set(key, list);
      } else if (plain(value, false)) {
        root.put(key, value);
      } else {
        return null;
      }
    }
    if (block != null && block.isEmpty()) {
      return null;
    }
    return root;
  }

  /** A key of lower-case letters, digits and inner hyphens, as the front matter's keys are. */
  private static boolean key(String line, int colon) {
    if (!isLowerAscii(line.charAt(0))) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = line.charAt(i);
      if (!isLowerAscii(c) && !(c >= '0' && c <= '9') && c != '-') {
        return false;
      }
    }
    return line.charAt(colon - 1) != '-';
  }

  private static boolean isLowerAscii(char c) {
    return c >= 'a' && c <= 'z';
  }

  /** {@code s} without the spaces around it: YAML strips spaces, not every kind of white space. */
  private static String stripSpaces(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == ' ') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(start, end);
  }

  /** {@code [a, b, c]}: items of plain text, at least one, none empty. */
  private static ArrayNode flowList(String value, JsonNodeFactory nodes) {
    if (value.length() < 2 || value.charAt(value.length() - 1) != ']') {
      return null;
    }
    ArrayNode list = nodes.arrayNode();
    String inner = value.substring(1, value.length() - 1);
    if (inner.isEmpty()) {
      return list;
    }
    int start = 0;
    while (start <= inner.length()) {
      int comma = inner.indexOf(',', start);
      int end = comma < 0 ? inner.length() : comma;
      String item = stripSpaces(inner.substring(start, end));
      if (!plain(item, true)) {
        return null; // an empty item, a trailing comma, or text YAML reads otherwise
      }
      list.add(item);
      if (comma < 0) {
        break;
      }
      if (comma + 1 < inner.length() && inner.charAt(comma + 1) != ' ') {
        return null; // "[a,b]": let YAML decide
      }
      start = comma + 1;
    }
    return list;
  }

  /**
   * Text that YAML reads as the same text: it starts with a letter, a slash or a character beyond
   * ASCII (so no quote, anchor, tag, indicator or special float) or with a digit but cannot be a
   * number or a date (a hash such as {@code 2e958d09cc1251d6}: it has a letter no number has), it
   * has no colon, no brackets or braces (and in a flow list no comma or question mark), and it is
   * none of the words YAML types.
   */
  private static boolean plain(String s, boolean inFlow) {
    if (s.isEmpty()) {
      return false;
    }
    int first = s.codePointAt(0);
    if (first >= '0' && first <= '9') {
      if (!notANumber(s)) {
        return false;
      }
    } else if (first < 128
        ? !Character.isLetter(first) && first != '/' // a shortcut such as /delay is text too
        : Character.isSpaceChar(first) || first == '\ufeff') {
      return false; // no YAML indicator is outside ASCII: ¿, «, „ and 「 start text
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < ' '
          || c == ':'
          || c == '['
          || c == ']'
          || c == '{'
          || c == '}'
          || (inFlow && (c == ',' || c == '?'))
          || (c >= '\u007f' && c <= '\u009f') // DEL and C1 controls: not printable for YAML
          || c == '\u2028' // line and paragraph separators: line breaks for YAML 1.1
          || c == '\u2029'
          || c == '\ufeff'
          || c == '\ufffe'
          || c == '\uffff') {
        return false;
      }
      if (c == ' ' && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
        return false; // YAML keeps inner runs of spaces, but folding rules are not worth the risk
      }
    }
    return !TYPED_WORDS.contains(s.toLowerCase(Locale.ROOT));
  }

  /**
   * Whether text that starts with a digit has a letter that no YAML number (decimal, float with an
   * exponent, hexadecimal, octal or binary), date or time has: anything but digits, {@code _ + - .
   * e E}, and no {@code 0x 0o 0b} prefix.
   */
  private static boolean notANumber(String s) {
    if (s.length() > 1 && s.charAt(0) == '0' && "xXoObB".indexOf(s.charAt(1)) >= 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && "_+-.eE".indexOf(c) < 0) {
        return true;
      }
    }
    return false;
  }
}
