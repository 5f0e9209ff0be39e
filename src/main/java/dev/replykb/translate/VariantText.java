package dev.replykb.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a variant file as the bundled catalog writes it, so that a save through the editor
 * changes only the lines that changed and a translator's git diff shows the edit, not a
 * reformatting: keys in the catalog's order, {@code tags} and {@code omits} as {@code [a, b]},
 * {@code examples} one per line, {@code source-hash} last, values quoted only when YAML needs it.
 *
 * <pre>
 * ---
 * title: Rücksendung eines Artikels
 * tags: [Retoure, Rücksendung]
 * examples:
 *   - Wie kann ich das zurückschicken?
 * tone: formal
 * source-hash: 9ad2df9e94a04641
 * ---
 * Guten Tag {customer}, …
 * </pre>
 */
public final class VariantText {
  /** YAML 1.1 words and numbers that a plain scalar would turn into something other than text. */
  private static final Pattern NOT_TEXT =
      Pattern.compile(
          "(?i)y|n|yes|no|true|false|on|off|null|~|[-+]?(\\.?[0-9][0-9_.:eE+-]*|\\.inf|\\.nan)");

  private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
  private static final ObjectMapper JSON = new ObjectMapper();

  private VariantText() {}

  /** The file: front matter between {@code ---} lines, then the body and a final newline. */
  public static String of(CatalogEditor.Draft draft, String sourceHash) {
    StringBuilder out = new StringBuilder("---\n");
    scalar(out, "title", draft.title());
    flowList(out, "tags", draft.tags());
    blockList(out, "examples", draft.examples());
    // 'any' is what no channel means: left out, as the catalog's files do.
    scalar(out, "channel", "any".equals(draft.channel()) ? null : draft.channel());
    scalar(out, "tone", draft.tone());
    scalar(out, "shortcut", draft.shortcut());
    flowList(out, "omits", draft.omits());
    scalar(out, "source-hash", sourceHash);
    String body = draft.body() == null ? "" : draft.body().replace("\r\n", "\n").strip();
    return out.append("---\n").append(body).append('\n').toString();
  }

  private static void scalar(StringBuilder out, String key, String value) {
    if (value != null && !value.isBlank()) {
      out.append(key).append(": ").append(quoted(value.strip(), false)).append('\n');
    }
  }

  private static void flowList(StringBuilder out, String key, List<String> values) {
    if (values != null && !values.isEmpty()) {
      out.append(key).append(": [");
      for (int i = 0; i < values.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(quoted(values.get(i).strip(), true));
      }
      out.append("]\n");
    }
  }

  private static void blockList(StringBuilder out, String key, List<String> values) {
    if (values != null && !values.isEmpty()) {
      out.append(key).append(":\n");
      for (String value : values) {
        out.append("  - ").append(quoted(value.strip(), false)).append('\n');
      }
    }
  }

  /** The value as a plain scalar when YAML reads it back as the same text, else double-quoted. */
  static String quoted(String value, boolean inFlow) {
    boolean plain =
        !value.isEmpty()
            && INDICATORS.indexOf(value.charAt(0)) < 0
            && !value.contains(": ")
            && !value.endsWith(":")
            && !value.contains(" #")
            && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f)
            && !NOT_TEXT.matcher(value).matches()
            && !(inFlow && value.chars().anyMatch(c -> ",[]{}?:".indexOf(c) >= 0));
    if (plain) {
      return value;
    }
    try {
      // A JSON string is a YAML double-quoted scalar.
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string always serializes", e);
    }
  }
}
