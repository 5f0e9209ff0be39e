package dev.replykb.render;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked ICU MessageFormat pattern with named arguments, and the placeholders it uses.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class MessageBody {
  /** The argument types ICU's MessageFormat formats without a custom formatter. */
  private static final Set<String> SIMPLE_TYPES =
      Set.of("number", "date", "time", "spellout", "ordinal", "duration");

  /** Styles that name a predefined format rather than spell out a pattern. */
  private static final Set<String> KEYWORD_STYLES =
      Set.of("short", "medium", "long", "full", "integer", "currency", "percent");

  private static final Pattern ICU_INDEX = Pattern.compile("\\[at pattern index (\\d+)]");

  private final String pattern;
  private final List<Placeholder> placeholders;

  /** Computed when first asked for (indexing and checks ask; serving a reply does not). */
  private volatile String plainText;

  private MessageBody(String pattern, List<Placeholder> placeholders, String plainText) {
    this.pattern = pattern;
    this.placeholders = placeholders;
    this.plainText = plainText;
  }

  /**
   * A body already checked by {@link #parse} (its pattern and placeholders kept, as a stored
   * variant keeps them): nothing is parsed again until its plain text is asked for.
   */
  public static MessageBody trusted(String pattern, List<Placeholder> placeholders) {
    return new MessageBody(pattern, List.copyOf(placeholders), null);
  }

  /**
   * Checks a pattern and lists its placeholders in order of first use.
   *
   * @throws InvalidPatternException when the pattern is not valid ICU syntax, uses numbered
   *     arguments, or names an unknown argument type
   */
  public static MessageBody parse(String pattern, ULocale locale) {
    MessagePattern parsed;
    try {
      parsed = new MessagePattern(pattern);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      int index = indexOf(e);
      throw new InvalidPatternException(describe(e), index >= 0 ? index : locate(pattern));
    }
    Map<String, Placeholder> found = new LinkedHashMap<>();
    boolean customStyle = false;
    for (int i = 0; i < parsed.countParts(); i++) {
      MessagePattern.Part part = parsed.getPart(i);
      if (part.getType() != MessagePattern.Part.Type.ARG_START) {
        continue;
      }
      MessagePattern.Part nameOrNumber = parsed.getPart(i + 1);
      if (nameOrNumber.getType() == MessagePattern.Part.Type.ARG_NUMBER) {
        throw new InvalidPatternException(
            "numbered argument {"
                + parsed.getSubstring(nameOrNumber)
                + "}: use a named argument such as {customer}",
            nameOrNumber.getIndex());
      }
      String name = parsed.getSubstring(nameOrNumber);
      String type =
          switch (part.getArgType()) {
            case NONE -> "text";
            case SIMPLE -> parsed.getSubstring(parsed.getPart(i + 2));
            case PLURAL -> "plural";
            case SELECT -> "select";
            case SELECTORDINAL -> "selectordinal";
            case CHOICE -> "choice";
          };
      if (part.getArgType() == MessagePattern.ArgType.SIMPLE) {
        MessagePattern.Part typePart = parsed.getPart(i + 2);
        if (!SIMPLE_TYPES.contains(type)) {
          throw new InvalidPatternException(
              "unknown argument type '"
                  + type
                  + "' in {"
                  + name
                  + ", "
                  + type
                  + "}; use one of "
                  + String.join(", ", SIMPLE_TYPES.stream().sorted().toList())
                  + ", plural or select",
              typePart.getIndex());
        }
        MessagePattern.Part stylePart = parsed.getPart(i + 3);
        if (stylePart.getType() == MessagePattern.Part.Type.ARG_STYLE
            && !KEYWORD_STYLES.contains(parsed.getSubstring(stylePart).strip())) {
          customStyle = true;
        }
      }
      found.putIfAbsent(name, new Placeholder(name, type));
    }
    if (customStyle) {
      // A custom style ({amount, number, #,##0.00} or {eta, date, yyyy-MM-dd}) is checked by
      // building the formatter; keyword styles need no check, and building one costs milliseconds.
      try {
        new MessageFormat(pattern, locale);
      } catch (IllegalArgumentException e) {
        throw new InvalidPatternException(describe(e), indexOf(e));
      }
    }
    return new MessageBody(
        pattern, List.copyOf(new ArrayList<>(found.values())), plainText(parsed, pattern));
  }

  /**
   * The words a reader sees, for indexing: literal text and the text of every plural and select
   * branch, with each argument replaced by a space. Argument names and keywords ({@code orderId},
   * {@code plural}, {@code other}) are syntax, not content, and must not be searchable.
   */
  private static String plainText(MessagePattern parsed, String pattern) {
    StringBuilder text = new StringBuilder(pattern.length());
    // true while inside message text, false while inside argument syntax; nested like the pattern.
    java.util.ArrayDeque<Boolean> inText = new java.util.ArrayDeque<>();
    int previousLimit = 0;
    for (int i = 0; i < parsed.countParts(); i++) {
      MessagePattern.Part part = parsed.getPart(i);
      if (Boolean.TRUE.equals(inText.peek()) && part.getIndex() > previousLimit) {
        text.append(pattern, previousLimit, part.getIndex());
      }
      switch (part.getType()) {
        case MSG_START -> inText.push(true);
        case ARG_START -> {
          inText.push(false);
          text.append(' ');
        }
        case MSG_LIMIT, ARG_LIMIT -> inText.pop();
        // INSERT_CHAR marks where ICU would double a lone apostrophe; the reader sees one.
        default -> {}
      }
      previousLimit = part.getLimit();
    }
    return collapseSpaceRuns(text).strip();
  }

  /**
   * {@code text} with each run of two or more spaces and tabs (what a removed argument or syntax
   * leaves behind) made one space; a lone tab stays. By hand: every variant's body passes here when
   * it is read and again when it is indexed, and a regular expression was a twentieth of a build.
   */
  static String collapseSpaceRuns(CharSequence text) {
    StringBuilder out = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if ((c == ' ' || c == '\t') && i + 1 < n && isSpaceOrTab(text.charAt(i + 1))) {
        if (out == null) {
          out = new StringBuilder(n).append(text, 0, i);
        }
        out.append(' ');
        while (i + 1 < n && isSpaceOrTab(text.charAt(i + 1))) {
          i++;
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text.toString() : out.toString();
  }

  private static boolean isSpaceOrTab(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * Where in {@code pattern} a problem that ICU reports without a position is: the start of the
   * first top-level argument that does not parse on its own (such as a plural without 'other').
   */
  private static int locate(String pattern) {
    int depth = 0;
    int start = -1;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '{' && depth++ == 0) {
        start = i;
      } else if (c == '}' && depth > 0 && --depth == 0) {
        try {
          new MessagePattern(pattern.substring(start, i + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
          return start;
        }
      }
    }
    return depth > 0 ? start : -1;
  }

  private static String describe(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "invalid ICU message: " + message.replace('\n', ' ');
  }

  private static int indexOf(RuntimeException e) {
    Matcher m = ICU_INDEX.matcher(String.valueOf(e.getMessage()));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  public String pattern() {
    return pattern;
  }

  /**
   * This body with its text passed through {@code convert}, keeping its placeholders.
   *
   * <p>Only for conversions that leave ASCII untouched, such as Chinese script conversion: the
   * argument syntax is ASCII, so it survives unchanged.
   */
  public MessageBody withLiteralTextConverted(java.util.function.UnaryOperator<String> convert) {
    return new MessageBody(convert.apply(pattern), placeholders, convert.apply(plainText()));
  }

  /** The text without argument syntax, for search; see {@link #parse}. */
  public String plainText() {
    String text = plainText;
    if (text == null) {
      text = plainText(new MessagePattern(pattern), pattern);
      plainText = text;
    }
    return text;
  }

  /** The distinct placeholders, in order of first use, including those inside plural branches. */
  public List<Placeholder> placeholders() {
    return placeholders;
  }

  /** Thrown for a pattern that cannot be used; {@link #index()} points into it when known. */
  public static final class InvalidPatternException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int index;

    InvalidPatternException(String message, int index) {
      super(message);
      this.index = index;
    }

    /** The 0-based position in the pattern where the problem is, or -1 when unknown. */
    public int index() {
      return index;
    }
  }
}
