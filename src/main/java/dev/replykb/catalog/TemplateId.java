package dev.replykb.catalog;

import java.util.Objects;

/**
 * The id of a template, {@code <category>/<name>}, shared by all its locale variants.
 *
 * <p>Segments use a-z, 0-9 and inner hyphens only, so an id is always a safe relative path.
 */
public record TemplateId(String category, String name) implements Comparable<TemplateId> {
  private static final int MAX_SEGMENT_LENGTH = 64;

  public TemplateId {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(name, "name");
    requireSegment(category, "category");
    requireSegment(name, "name");
  }

  /**
   * Parses {@code category/name}; throws {@link IllegalArgumentException} quoting the bad input.
   */
  public static TemplateId parse(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("template id is empty; expected <category>/<name>");
    }
    int slash = id.indexOf('/');
    if (slash < 0 || id.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "template id '" + abbreviate(id) + "' must be <category>/<name> with exactly one '/'");
    }
    return new TemplateId(id.substring(0, slash), id.substring(slash + 1));
  }

  /** True when {@code segment} may be used as a category or a name. */
  public static boolean isValidSegment(String segment) {
    // [a-z0-9]+(-[a-z0-9]+)*, checked by hand: every id read from a snapshot and every hit of a
    // search is checked, and a regular expression match was a tenth of reading a snapshot.
    int n = segment.length();
    if (n == 0 || n > MAX_SEGMENT_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = segment.charAt(i);
      if (c == '-') {
        if (i == 0 || i == n - 1 || segment.charAt(i - 1) == '-') {
          return false;
        }
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static void requireSegment(String segment, String what) {
    if (!isValidSegment(segment)) {
      throw new IllegalArgumentException(
          what
              + " '"
              + abbreviate(segment)
              + "' may only use a-z, 0-9 and inner '-' (at most "
              + MAX_SEGMENT_LENGTH
              + " characters)");
    }
  }

  /**
   * The template of the catalog file {@code relative} ({@code locale/category/name.md}), or null
   * when the path names none (a misplaced file).
   */
  public static TemplateId ofFile(String relative) {
    String[] segments = relative.split("/");
    if (segments.length != 3 || !segments[2].endsWith(CatalogLoader.TEMPLATE_SUFFIX)) {
      return null;
    }
    String name =
        segments[2].substring(0, segments[2].length() - CatalogLoader.TEMPLATE_SUFFIX.length());
    if (!isValidSegment(segments[1]) || !isValidSegment(name)) {
      return null;
    }
    return new TemplateId(segments[1], name);
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  @Override
  public int compareTo(TemplateId other) {
    // The order of the "category/name" strings, without making them: a catalog of a hundred
    // thousand templates sorts its ids millions of times while it loads. Mostly the categories
    // are the same (the names decide) or differ before either ends (the categories decide);
    // only when one category is a prefix of the other does '/' meet a letter.
    if (category.equals(other.category)) {
      return name.compareTo(other.name);
    }
    if (!category.startsWith(other.category) && !other.category.startsWith(category)) {
      return category.compareTo(other.category);
    }
    int length = category.length() + 1 + name.length();
    int otherLength = other.category.length() + 1 + other.name.length();
    for (int i = 0, n = Math.min(length, otherLength); i < n; i++) {
      char a = charAt(i);
      char b = other.charAt(i);
      if (a != b) {
        return a - b;
      }
    }
    return length - otherLength;
  }

  /** The {@code i}th character of {@link #toString()}. */
  private char charAt(int i) {
    int c = category.length();
    return i < c ? category.charAt(i) : i == c ? '/' : name.charAt(i - c - 1);
  }

  @Override
  public String toString() {
    return category + "/" + name;
  }
}
