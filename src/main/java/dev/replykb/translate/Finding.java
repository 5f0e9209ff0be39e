package dev.replykb.translate;

/**
 * One problem a check found in one variant.
 *
 * @param id the template id, or null for a file that is not a template
 * @param locale the locale tag, or null when unknown
 * @param file the path relative to the catalog folder
 * @param line the 1-based line, or 0 for the whole file
 * @param check the check's name, such as {@code placeholders} or {@code
 *     house-rule:zh-no-opening-bu}
 */
public record Finding(
    String id,
    String locale,
    String file,
    int line,
    String check,
    String message,
    Severity severity) {

  /** The finding as plain data, for JSON: severity as {@code red} or {@code yellow}. */
  public java.util.Map<String, Object> fields() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", id);
    m.put("locale", locale);
    m.put("file", file);
    m.put("line", line);
    m.put("check", check);
    m.put("severity", severity.label());
    m.put("message", message);
    return m;
  }

  /** Findings as plain data with their red and yellow counts, for JSON. */
  public static java.util.Map<String, Object> report(java.util.List<Finding> findings) {
    long red = findings.stream().filter(f -> f.severity() == Severity.RED).count();
    java.util.Map<String, Object> answer = new java.util.LinkedHashMap<>();
    answer.put("red", red);
    answer.put("yellow", findings.size() - red);
    answer.put("findings", findings.stream().map(Finding::fields).toList());
    return answer;
  }

  @Override
  public String toString() {
    return file
        + (line > 0 ? ":" + line : "")
        + ": "
        + severity.label()
        + " ["
        + check
        + "] "
        + message;
  }
}
