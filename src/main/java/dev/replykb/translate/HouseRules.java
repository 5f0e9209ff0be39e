package dev.replykb.translate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The house etiquette, kept in the catalog as data ({@code rules.yaml}): per locale and tone, a
 * pattern a reply must not match (or must match), a severity and a message.
 *
 * <pre>
 * rules:
 *   - id: zh-no-opening-bu
 *     locales: [zh-Hans, zh-Hant]     # or "*" for every locale
 *     tone: any                       # formal, friendly or any
 *     in: body                        # body, title or both
 *     forbid: '\A\s*不'               # a Java regular expression; a match is a finding
 *     # require: '...'                # or: no match is a finding
 *     # unless: '...'                 # no finding when this also matches
 *     severity: red
 *     message: A reply never opens with 不.
 * </pre>
 */
public final class HouseRules {
  public static final String FILE_NAME = "rules.yaml";

  /** One rule. */
  public record Rule(
      String id,
      Set<String> locales,
      String tone,
      String in,
      Pattern forbid,
      Pattern require,
      Pattern unless,
      Severity severity,
      String message) {

    boolean appliesTo(String locale, String variantTone) {
      return (locales.contains("*") || locales.contains(locale))
          && (tone.equals("any") || tone.equals(variantTone));
    }
  }

  private final List<Rule> rules;
  private final List<String> errors;

  private HouseRules(List<Rule> rules, List<String> errors) {
    this.rules = List.copyOf(rules);
    this.errors = List.copyOf(errors);
  }

  public static HouseRules none() {
    return new HouseRules(List.of(), List.of());
  }

  /** The rules of the catalog in {@code templates}, or none when it has no rules file. */
  public static HouseRules load(Path templates) throws IOException {
    Path file = templates.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return none();
    }
    return parse(Files.readString(file));
  }

  static HouseRules parse(String yaml) {
    List<Rule> rules = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (JacksonException e) {
      errors.add("broken YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
      return new HouseRules(rules, errors);
    }
    JsonNode list = root == null ? null : root.get("rules");
    if (list == null || !list.isArray()) {
      errors.add("expected a list under 'rules:'");
      return new HouseRules(rules, errors);
    }
    int n = 0;
    for (JsonNode node : list) {
      n++;
      String id = text(node, "id", "rule " + n);
      try {
        Set<String> locales = new TreeSet<>();
        JsonNode l = node.get("locales");
        if (l == null) {
          throw new IllegalArgumentException("'locales' is required (a list, or \"*\")");
        }
        if (l.isArray()) {
          l.forEach(x -> locales.add(x.asText()));
        } else {
          locales.add(l.asText());
        }
        String tone = text(node, "tone", "any");
        if (!Set.of("any", "formal", "friendly").contains(tone)) {
          throw new IllegalArgumentException("tone '" + tone + "' must be any, formal or friendly");
        }
        String in = text(node, "in", "body");
        if (!Set.of("body", "title", "both").contains(in)) {
          throw new IllegalArgumentException("in '" + in + "' must be body, title or both");
        }
        Pattern forbid = pattern(node, "forbid");
        Pattern require = pattern(node, "require");
        if ((forbid == null) == (require == null)) {
          throw new IllegalArgumentException("exactly one of 'forbid' and 'require' is needed");
        }
        Severity severity = Severity.parse(text(node, "severity", "yellow"));
        String message = text(node, "message", null);
        if (message == null) {
          throw new IllegalArgumentException("'message' is required");
        }
        rules.add(
            new Rule(
                id,
                locales,
                tone,
                in,
                forbid,
                require,
                pattern(node, "unless"),
                severity,
                message));
      } catch (IllegalArgumentException e) {
        errors.add("rule '" + id + "': " + e.getMessage());
      }
    }
    return new HouseRules(rules, errors);
  }

  private static String text(JsonNode node, String key, String otherwise) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? otherwise : v.asText();
  }

  private static Pattern pattern(JsonNode node, String key) {
    String regex = text(node, key, null);
    if (regex == null) {
      return null;
    }
    try {
      return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS | Pattern.MULTILINE);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "'" + key + "' is not a valid regular expression: " + e.getDescription());
    }
  }

  public List<Rule> rules() {
    return rules;
  }

  /** What is wrong with the rules file itself. */
  public List<String> errors() {
    return errors;
  }
}
