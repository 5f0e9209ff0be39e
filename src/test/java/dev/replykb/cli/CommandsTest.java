package dev.replykb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line, run in-process as {@code java -jar replykb.jar ...} would run it. */
class CommandsTest {
  @TempDir Path dir;
  Path templates;
  Path index;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() {
    templates = TestCatalogs.copy("shop", dir);
    index = dir.resolve("index");
  }

  private int run(String... args) {
    CommandLine cli = Commands.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void indexBuildsTheIndexAndSaysSo() {
    assertEquals(0, run("index", "--templates", templates.toString(), "--index", index.toString()));
    assertTrue(
        out.toString().contains("5 templates, 13 variants in 7 locales; index rebuilt"),
        out::toString);
    assertEquals(0, run("index", "--templates", templates.toString(), "--index", index.toString()));
    assertTrue(out.toString().contains("index already current"), out::toString);
  }

  @Test
  void indexExitsNonZeroListingEveryProblem() {
    TestCatalogs.write(templates, "de/thanks/review-thanks.md", "---\ntags: [x]\n---\nDanke\n");
    TestCatalogs.write(templates, "zh_CN/thanks/review-thanks.md", "---\ntitle: x\n---\n谢谢\n");
    assertEquals(1, run("index", "--templates", templates.toString(), "--index", index.toString()));
    String errors = err.toString();
    assertTrue(errors.contains("de/thanks/review-thanks.md:2: missing 'title'"), errors);
    assertTrue(errors.contains("zh_CN/thanks/review-thanks.md: bad locale folder"), errors);
    assertTrue(errors.contains("2 problem(s)"), errors);
  }

  @Test
  void searchPrintsATableInTheRequestedLocale() {
    assertEquals(
        0,
        run(
            "search",
            "物流延迟",
            "补偿",
            "--locale",
            "de-AT",
            "--templates",
            templates.toString(),
            "--index",
            index.toString()));
    String table = out.toString();
    assertTrue(
        table.lines().findFirst().orElseThrow().matches("#\\s+score\\s+id\\s+locale\\s+title"),
        table);
    assertTrue(table.contains("logistics/delay-apology        de       Lieferverzögerung"), table);
  }

  @Test
  void searchMarksFallbacksAndConversions() {
    run(
        "search",
        "Retoure",
        "--locale",
        "ja",
        "--templates",
        templates.toString(),
        "--index",
        index.toString());
    assertTrue(out.toString().contains("(fallback: no ja variant)"), out::toString);
    run(
        "search",
        "改地址",
        "--locale",
        "zh-TW",
        "--templates",
        templates.toString(),
        "--index",
        index.toString());
    assertTrue(out.toString().contains("(converted from zh-Hans)"), out::toString);
  }

  @Test
  void searchWithoutAMatchExitsOne() {
    assertEquals(
        1,
        run("search", "qqqzzz", "--templates", templates.toString(), "--index", index.toString()));
    assertTrue(err.toString().contains("no template matches 'qqqzzz'"));
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertEquals(
        2, run("search", "refund", "--locale", "zh_CN", "--templates", templates.toString()));
    assertTrue(err.toString().contains("'zh_CN' is not a valid BCP 47"), err::toString);
    assertEquals(2, run("search", "refund", "--limit", "500", "--templates", templates.toString()));
    assertEquals(2, run("frobnicate"));
    assertEquals(2, run());
  }

  @Test
  void aMissingCatalogFolderIsAClearError() {
    assertEquals(1, run("index", "--templates", dir.resolve("nowhere").toString()));
    assertTrue(err.toString().contains("does not exist"), err::toString);
    assertTrue(!err.toString().contains("\tat "), err::toString);
  }

  @Test
  void serveStartsOnAFreePortAndAnswersEveryEndpoint() {
    // --self-test requests every endpoint with queries from the catalog itself, then stops.
    assertEquals(
        0,
        run(
            "serve",
            "--port",
            "0",
            "--self-test",
            "--templates",
            templates.toString(),
            "--index",
            index.toString()));
  }
}
