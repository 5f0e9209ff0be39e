package dev.replykb.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.ibm.icu.util.ULocale;
import dev.replykb.render.MessageBody;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads one template file: UTF-8, a YAML front-matter block between two {@code ---} lines, then an
 * ICU MessageFormat body.
 *
 * <p>Every problem is reported with the file's line number, never thrown. Instances are immutable
 * and safe to share between threads.
 */
final class VariantFileParser {
  static final String FENCE = "---";
  static final Set<String> KEYS =
      Set.of("title", "tags", "examples", "channel", "tone", "shortcut", "source-hash", "omits");
  private static final Pattern SHORTCUT = Pattern.compile("/[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_TITLE = 200;
  private static final int MAX_LIST_ITEMS = 50;
  private static final int MAX_ITEM = 500;

  /**
   * Unknown keys reported one by one; the rest are counted in one problem. Each problem looks for
   * its key's line, so reporting all of a 256 KB front matter's 30,000 keys was quadratic: minutes.
   */
  static final int MAX_UNKNOWN_KEYS_LISTED = 10;

  private final YAMLMapper yaml;

  VariantFileParser() {
    this.yaml = yamlMapper();
  }

  /** The YAML reader of front matters, with its limits. */
  static YAMLMapper yamlMapper() {
    LoaderOptions loader = new LoaderOptions();
    // A front matter has a handful of keys: refuse alias bombs and giant documents outright.
    loader.setMaxAliasesForCollections(10);
    loader.setAllowDuplicateKeys(false);
    loader.setCodePointLimit(256 * 1024);
    YAMLFactory factory =
        YAMLFactory.builder()
            .loaderOptions(loader)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();
    return YAMLMapper.builder(factory)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /** What a file declares, before the template's channel and shortcut are settled. */

  /** Parses a file; problems go to {@code problems} and the result is null when it is unusable. */
  Variant parse(String file, byte[] bytes, TemplateId id, ULocale locale, List<Problem> problems) {
    // The JDK's own decoding, several times quicker than a decoder's, puts U+FFFD for what is not
    // UTF-8: only a text with one is decoded again, strictly, to tell the two apart.
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') >= 0) {
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
      } catch (CharacterCodingException e) {
        problems.add(new Problem(file, 0, "not valid UTF-8: save the file as UTF-8"));
        return null;
      }
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.indexOf('\r') >= 0) {
      text = text.replace("\r\n", "\n").replace('\r', '\n');
    }
    // The lines up to the closing fence; the body after it stays one string.
    List<String> head = new ArrayList<>();
    int close = -1;
    int afterClose = text.length();
    for (int at = 0; ; ) {
      int end = text.indexOf('\n', at);
      String line = text.substring(at, end < 0 ? text.length() : end);
      head.add(line);
      if (head.size() == 1 && !line.strip().equals(FENCE)) {
        problems.add(
            new Problem(file, 1, "missing front matter: the file must start with a '---' line"));
        return null;
      }
      if (head.size() > 1 && line.strip().equals(FENCE)) {
        close = head.size() - 1;
        afterClose = end < 0 ? text.length() : end + 1;
        break;
      }
      if (end < 0) {
        break;
      }
      at = end + 1;
    }
    if (close < 0) {
      problems.add(
          new Problem(file, 1, "front matter is not closed: no second '---' line after line 1"));
      return null;
    }
    String[] frontLines = head.subList(1, close).toArray(new String[0]);
    FrontMatter front = new FrontMatter(file, frontLines, problems);
    ObjectNode root = front.read(yaml);
    if (root == null) {
      return null;
    }

    int before = problems.size();
    String title = front.text(root, "title", true, MAX_TITLE);
    List<String> tags = front.list(root, "tags");
    List<String> examples = front.list(root, "examples");
    String channelText = front.text(root, "channel", false, 20);
    String toneText = front.text(root, "tone", false, 20);
    String shortcut = front.text(root, "shortcut", false, 64);
    String sourceHash = front.text(root, "source-hash", false, 128);
    List<String> omits = front.list(root, "omits");
    Channel channel = null;
    Tone tone = null;
    if (channelText != null) {
      try {
        channel = Channel.parse(channelText);
      } catch (IllegalArgumentException e) {
        front.problem("channel", e.getMessage());
      }
    }
    if (toneText != null) {
      try {
        tone = Tone.parse(toneText);
      } catch (IllegalArgumentException e) {
        front.problem("tone", e.getMessage());
      }
    }
    if (shortcut != null && !SHORTCUT.matcher(shortcut).matches()) {
      front.problem(
          "shortcut", "shortcut '" + shortcut + "' must be '/' then a-z, 0-9 and '-', like /delay");
    }
    for (String name : omits) {
      if (!PLACEHOLDER_NAME.matcher(name).matches()) {
        front.problem("omits", "omits entry '" + name + "' is not a placeholder name");
      }
    }
    int unknown = 0;
    String firstUnlisted = null;
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (KEYS.contains(key)) {
        continue;
      }
      unknown++;
      if (unknown > MAX_UNKNOWN_KEYS_LISTED) {
        firstUnlisted = firstUnlisted == null ? key : firstUnlisted;
      } else {
        front.problem(
            key,
            "unknown front-matter key '"
                + key
                + "'; known keys: "
                + String.join(", ", sorted(KEYS)));
      }
    }
    if (firstUnlisted != null) {
      front.problem(
          firstUnlisted,
          (unknown - MAX_UNKNOWN_KEYS_LISTED)
              + " more unknown front-matter keys, from '"
              + firstUnlisted
              + "' on");
    }

    // The body starts after the closing fence; blank lines before it are not part of the message.
    int bodyStart = close + 1;
    int from = afterClose;
    while (from < text.length()) {
      int end = text.indexOf('\n', from);
      if (end < 0) {
        end = text.length();
      }
      if (!text.substring(from, end).isBlank()) {
        break;
      }
      bodyStart++;
      from = Math.min(text.length(), end + 1);
    }
    String body = text.substring(from).stripTrailing();
    int bodyLine = bodyStart + 1;
    MessageBody message = null;
    if (body.isEmpty()) {
      problems.add(new Problem(file, close + 1, "the body after the front matter is empty"));
    } else {
      try {
        message = MessageBody.parse(body, locale);
      } catch (MessageBody.InvalidPatternException e) {
        int line = e.index() < 0 ? bodyLine : bodyLine + countNewlines(body, e.index());
        problems.add(new Problem(file, line, e.getMessage()));
      }
    }
    if (problems.size() > before || message == null || title == null) {
      return null;
    }
    return Variant.parsed(
        id,
        locale,
        title,
        tags,
        examples,
        tone,
        sourceHash,
        omits,
        message,
        bodyLine,
        channel,
        shortcut,
        null);
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }

  private static int countNewlines(String s, int end) {
    int n = 0;
    for (int i = 0; i < Math.min(end, s.length()); i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** The front-matter lines of one file, and how to report problems at the right line. */
  private static final class FrontMatter {
    private final String file;
    private final String[] lines;
    private final List<Problem> problems;

    FrontMatter(String file, String[] lines, List<Problem> problems) {
      this.file = file;
      this.lines = lines;
      this.problems = problems;
    }

    ObjectNode read(YAMLMapper yaml) {
      String source = String.join("\n", lines);
      if (source.isBlank()) {
        problems.add(new Problem(file, 2, "front matter is empty: 'title' is required"));
        return null;
      }
      ObjectNode plain = PlainFrontMatter.read(lines);
      if (plain != null) {
        return plain;
      }
      JsonNode node;
      try {
        node = yaml.readTree(source);
      } catch (JacksonException e) {
        // YAML also breaks lines at U+0085, U+2028 and U+2029, which the file's lines do not:
        // its line number is kept within the front matter.
        int yamlLine =
            e.getLocation() == null
                ? 1
                : Math.min(lines.length, Math.max(1, e.getLocation().getLineNr()));
        String reason = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
        problems.add(new Problem(file, yamlLine + 1, "broken front matter: " + reason));
        return null;
      } catch (RuntimeException e) {
        // SnakeYAML reports its own limits (aliases, size) as unchecked exceptions.
        problems.add(new Problem(file, 2, "broken front matter: " + e.getMessage()));
        return null;
      }
      if (!(node instanceof ObjectNode object)) {
        problems.add(
            new Problem(file, 2, "front matter must be 'key: value' lines, starting with title"));
        return null;
      }
      return object;
    }

    /** The line of {@code key:} in the file (the front matter starts on line 2). */
    int lineOf(String key) {
      Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*:");
      for (int i = 0; i < lines.length; i++) {
        if (p.matcher(lines[i]).find()) {
          return i + 2;
        }
      }
      return 2;
    }

    void problem(String key, String reason) {
      problems.add(new Problem(file, lineOf(key), reason));
    }

    String text(ObjectNode root, String key, boolean required, int maxLength) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        if (required) {
          problems.add(new Problem(file, 2, "missing '" + key + "' in the front matter"));
        }
        return null;
      }
      if (!node.isValueNode()) {
        problem(key, "'" + key + "' must be a single value, not a list or a mapping");
        return null;
      }
      String value = node.asText().strip();
      if (value.isEmpty()) {
        if (required) {
          problem(key, "'" + key + "' is empty");
        }
        return null;
      }
      if (value.length() > maxLength) {
        problem(key, "'" + key + "' is longer than " + maxLength + " characters");
        return null;
      }
      return value;
    }

    List<String> list(ObjectNode root, String key) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (!node.isArray()) {
        problem(key, "'" + key + "' must be a list, like " + key + ": [a, b]");
        return List.of();
      }
      if (node.size() > MAX_LIST_ITEMS) {
        problem(key, "'" + key + "' has " + node.size() + " entries; at most " + MAX_LIST_ITEMS);
        return List.of();
      }
      List<String> values = new ArrayList<>();
      for (JsonNode item : node) {
        if (!item.isValueNode() || item.isNull()) {
          problem(key, "every entry of '" + key + "' must be a single value");
          return List.of();
        }
        String value = item.asText().strip();
        if (value.length() > MAX_ITEM) {
          problem(key, "an entry of '" + key + "' is longer than " + MAX_ITEM + " characters");
          return List.of();
        }
        if (!value.isEmpty()) {
          values.add(value);
        }
      }
      return values;
    }
  }
}
