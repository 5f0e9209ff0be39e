package dev.replykb.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.replykb.bench.CorpusGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain front-matter reader reads what YAML reads, or leaves the file to YAML. */
class PlainFrontMatterTest {
  private static final YAMLMapper YAML = VariantFileParser.yamlMapper();

  /** What YAML makes of the lines, or null when it refuses them or makes no mapping. */
  private static JsonNode yaml(String[] lines) {
    try {
      JsonNode node = YAML.readTree(String.join("\n", lines));
      return node instanceof ObjectNode ? node : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String[] frontMatter(Path file) throws IOException {
    String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
    int close = 1;
    while (!lines[close].strip().equals("---")) {
      close++;
    }
    return Arrays.copyOfRange(lines, 1, close);
  }

  /** Checks every file under {@code root}; returns how many the plain reader read itself. */
  private static int[] checkFolder(Path root) throws IOException {
    int plain = 0;
    int files = 0;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(f -> f.toString().endsWith(".md")).toList()) {
        String[] lines = frontMatter(file);
        ObjectNode read = PlainFrontMatter.read(lines);
        files++;
        if (read != null) {
          plain++;
          assertEquals(yaml(lines), read, file.toString());
        }
      }
    }
    return new int[] {plain, files};
  }

  @Test
  void readsTheBundledCatalogAndAGeneratedCorpusAsYamlDoes(@TempDir Path dir) throws IOException {
    int[] bundled = checkFolder(Path.of("templates"));
    Path corpus = dir.resolve("corpus");
    new CorpusGenerator(new CatalogLoader().load(Path.of("templates")), 7).write(400, 10, corpus);
    int[] generated = checkFolder(corpus);
    // The point of the reader: it must take most real files, or it only costs a scan.
    assertTrue(bundled[0] >= bundled[1] * 0.8, bundled[0] + " of " + bundled[1] + " bundled");
    assertTrue(
        generated[0] >= generated[1] * 0.8, generated[0] + " of " + generated[1] + " generated");
  }

  /** Pieces of front matter that YAML reads in every way: typed, quoted, nested, broken. */
  private static final String[] VALUES = {
    "Versand",
    "Late parcel",
    "l'article",
    "Réponse rapide",
    "物流延迟",
    "配送の遅れ",
    "배송 지연",
    "Emko IL-4613",
    "a - b",
    "a, b",
    "x?",
    "x!",
    "x&y",
    "x*y",
    "x|y",
    "x>y",
    "x%",
    "x@y",
    "x`y",
    "x\"y",
    "yes",
    "No",
    "ON",
    "off",
    "Y",
    "n",
    "true",
    "False",
    "null",
    "Null",
    "NULL",
    "~",
    "Null Island",
    "nULL",
    "12",
    "0x1F",
    "1e3",
    "-1",
    "+1",
    ".inf",
    ".nan",
    "NaN",
    "2024-01-01",
    "'quoted'",
    "\"quoted\"",
    "&anchor x",
    "*alias",
    "!tag x",
    "| x",
    "> x",
    "- x",
    "? x",
    "%x",
    "@x",
    "`x",
    "a: b",
    "a:b",
    "a #b",
    "#x",
    "a  b",
    "x\u00a0y",
    "x\u3000",
    "\u3000x",
    "x\ty",
    "[a, b]",
    "[a,b]",
    "[]",
    "[ ]",
    "[a, ]",
    "[, a]",
    "[a, [b]]",
    "[a, {b: c}]",
    "{a: b}",
    "a]",
    "[a",
    "x\u0085y",
    "x\u2028y",
    "x\u007fy",
    "x\ufeff",
    "",
    " ",
    "Ünïcödé",
    "ไทย",
    "Ελληνικά",
    "2e958d09cc1251d6",
    "db3da0b0a88efff9",
    "24h",
    "3d",
    "1_000",
    "0o17",
    "0b101",
    "0x",
    "0xg",
    "1e",
    "1.5e3",
    "2e9",
    "1:30",
    "12 Tage",
    "1a",
    "007",
    "9",
    "2001-12-14t21:59:43.10-05:00",
    "/delay",
    "/",
    "//x",
    "/x: y",
    "¿Qué tal?",
    "¡Hola!",
    "«x»",
    "x\u202f?",
    "\u202fx",
    "\u00a0x",
    "„x“",
    "「x」",
    "\ud83d\ude00 x",
    "x\u2029",
  };

  private static final String[] KEYS = {
    "title",
    "tags",
    "examples",
    "tone",
    "channel",
    "omits",
    "x-1",
    "Title",
    "ti tle",
    "-x",
    "x-",
    "a1",
  };

  @Test
  void neverReadsWhatYamlReadsOtherwise() {
    SplittableRandom random = new SplittableRandom(42);
    int plain = 0;
    for (int round = 0; round < 60_000; round++) {
      List<String> lines = new ArrayList<>();
      int keys = 1 + random.nextInt(4);
      for (int k = 0; k < keys; k++) {
        String key = KEYS[random.nextInt(KEYS.length)];
        switch (random.nextInt(5)) {
          case 0, 1 -> lines.add(key + ": " + pick(random));
          case 2 -> lines.add(key + ":" + (random.nextBoolean() ? " " : "") + pick(random));
          case 3 -> {
            List<String> items = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
              items.add(pick(random));
            }
            lines.add(key + ": [" + String.join(random.nextBoolean() ? ", " : ",", items) + "]");
          }
          default -> {
            lines.add(key + ":");
            String indent = " ".repeat(random.nextInt(3));
            for (int i = random.nextInt(4); i > 0; i--) {
              String itemIndent = random.nextInt(8) == 0 ? indent + " " : indent;
              lines.add(itemIndent + "- " + pick(random));
            }
          }
        }
        if (random.nextInt(10) == 0) {
          lines.add(random.nextBoolean() ? "" : "  " + pick(random));
        }
      }
      String[] front = lines.toArray(String[]::new);
      ObjectNode read = PlainFrontMatter.read(front);
      if (read != null) {
        plain++;
        assertEquals(yaml(front), read, String.join("\n", front));
      }
    }
    // Enough of the cases were read by the plain reader for the comparison to mean something.
    assertTrue(plain > 2_000, plain + " read");
  }

  private static String pick(SplittableRandom random) {
    String value = VALUES[random.nextInt(VALUES.length)];
    return random.nextInt(6) == 0 ? value + " " + VALUES[random.nextInt(VALUES.length)] : value;
  }

  @Test
  void leavesWhatItDoesNotKnowToYaml() {
    assertNotNull(PlainFrontMatter.read(new String[] {"title: Hallo", "tags: [a, b]"}));
    assertNull(PlainFrontMatter.read(new String[] {"title: yes"}), "a boolean in YAML");
    assertNull(PlainFrontMatter.read(new String[] {"title: 'Hallo'"}), "quoted");
    assertNull(PlainFrontMatter.read(new String[] {"title: Hallo", "title: again"}), "duplicate");
    assertNull(PlainFrontMatter.read(new String[] {"title: Hallo", "  more"}), "continued");
    assertNull(PlainFrontMatter.read(new String[] {"examples:", "  - a", "    - b"}), "indented");
    assertNull(PlainFrontMatter.read(new String[] {"tags:"}), "null in YAML");
  }
}
