package dev.replykb.translate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
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
  public static Map<String, Object> report(List<Finding> findings) {
    long red = findings.stream().filter(f -> f.severity() == Severity.RED).count();
    Map<String, Object> answer = new LinkedHashMap<>();
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
