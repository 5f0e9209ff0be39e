package dev.replykb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replykb.TestCatalogs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
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

  /** Runs {@code args} on this test's catalog and index folder. */
  private int onCatalog(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--templates";
    all[args.length + 1] = templates.toString();
    all[args.length + 2] = "--index";
    all[args.length + 3] = index.toString();
    return run(all);
  }

  private int run(String... args) {
    CommandLine cli = Commands.commandLine(args); // as Main makes it
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void indexBuildsTheIndexAndSaysSo() {
    assertEquals(0, onCatalog("index"));
    assertTrue(
        out.toString().contains("5 templates, 13 variants in 7 locales; index rebuilt"),
        out::toString);
    assertEquals(0, onCatalog("index"));
    assertTrue(out.toString().contains("index already current"), out::toString);
  }

  @Test
  void indexExitsNonZeroListingEveryProblem() {
    TestCatalogs.write(templates, "de/thanks/review-thanks.md", "---\ntags: [x]\n---\nDanke\n");
    TestCatalogs.write(templates, "zh_CN/thanks/review-thanks.md", "---\ntitle: x\n---\n谢谢\n");
    assertEquals(1, onCatalog("index"));
    String errors = err.toString();
    assertTrue(errors.contains("de/thanks/review-thanks.md:2: missing 'title'"), errors);
    assertTrue(errors.contains("zh_CN/thanks/review-thanks.md: bad locale folder"), errors);
    assertTrue(errors.contains("2 problem(s)"), errors);
  }

  @Test
  void searchPrintsATableInTheRequestedLocale() {
    assertEquals(0, onCatalog("search", "物流延迟", "补偿", "--locale", "de-AT"));
    String table = out.toString();
    assertTrue(
        table.lines().findFirst().orElseThrow().matches("#\\s+score\\s+id\\s+locale\\s+title"),
        table);
    assertTrue(table.contains("logistics/delay-apology        de       Lieferverzögerung"), table);
  }

  @Test
  void searchTakesInAFileEditedSinceTheIndexWasBuilt() throws Exception {
    assertEquals(0, onCatalog("index"));
    // Searched from the snapshot beside the index, as serve does: the edit must still count.
    Path file = templates.resolve("en/after-sales/refund-status.md");
    java.nio.file.Files.writeString(
        file,
        java.nio.file.Files.readString(file).replace("Refund status", "Refund status kumquat"));
    assertEquals(0, onCatalog("search", "kumquat", "--locale", "en"));
    assertTrue(out.toString().contains("after-sales/refund-status"), out::toString);
  }

  @Test
  void searchMarksFallbacksAndConversions() {
    onCatalog("search", "Retoure", "--locale", "ja");
    assertTrue(out.toString().contains("(fallback: no ja variant)"), out::toString);
    onCatalog("search", "改地址", "--locale", "zh-TW");
    assertTrue(out.toString().contains("(converted from zh-Hans)"), out::toString);
  }

  @Test
  void searchWithoutAMatchExitsOne() {
    assertEquals(1, onCatalog("search", "qqqzzz"));
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
    assertEquals(2, run("calibrate", "--templates", templates.toString()));
    assertTrue(err.toString().contains("nothing to fit on"), err::toString);
  }

  @Test
  void aCommandLineForOneCommandMakesThatOneAloneAndOtherwiseAll() {
    assertEquals(
        java.util.Set.of("index"),
        Commands.commandLine(new String[] {"index", "--templates", "x"}).getSubcommands().keySet());
    assertEquals(11, Commands.commandLine(new String[] {"--help"}).getSubcommands().size());
    assertEquals(11, Commands.commandLine().getSubcommands().size());
    // A mistyped command still gets the commands it may have meant.
    assertEquals(2, run("serv"));
    assertTrue(err.toString().contains("Did you mean: replykb serve"), err::toString);
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
    assertEquals(0, onCatalog("serve", "--port", "0", "--self-test"));
  }

  @Test
  void withoutATokensFileServeRefusesToListenBeyondThisMachine() {
    assertEquals(1, onCatalog("serve", "--host", "0.0.0.0", "--port", "0"));
    assertTrue(err.toString().contains("refusing to listen on 0.0.0.0"), err::toString);
    assertTrue(!err.toString().contains("\tat "), err::toString);
    err.getBuffer().setLength(0);
    assertEquals(
        1,
        run(
            "serve",
            "--open",
            "--tokens",
            dir.resolve("tokens.txt").toString(),
            "--templates",
            templates.toString()));
    assertTrue(err.toString().contains("--open and --tokens exclude each other"), err::toString);
  }

  @Test
  void tokenAddsADigestLineAndPrintsTheTokenOnce() throws Exception {
    Path file = dir.resolve("tokens.txt");
    assertEquals(
        0,
        run(
            "token",
            "--file",
            file.toString(),
            "--name",
            "anna",
            "--role",
            "translator",
            "--locales",
            "de,FR"));
    String token = out.toString().strip();
    assertEquals(43, token.length(), token);
    String lines = Files.readString(file);
    assertTrue(lines.contains("anna translator sha256:"), lines);
    assertTrue(lines.strip().endsWith(" de,fr"), lines);
    assertTrue(!lines.contains(token), "the token itself is not in the file");
    // The same name again, an unknown role: refused, the file unchanged.
    assertEquals(1, run("token", "--file", file.toString(), "--name", "anna", "--role", "agent"));
    assertTrue(err.toString().contains("in " + file + " already"), err::toString);
    assertEquals(1, run("token", "--file", file.toString(), "--name", "bo", "--role", "root"));
    assertTrue(err.toString().contains("unknown role 'root'"), err::toString);
    assertEquals(lines, Files.readString(file));
  }

  @Test
  void statusPrintsEachLocaleAndWhatNeedsWork() throws Exception {
    assertEquals(0, run("status", "--templates", templates.toString()));
    String text = out.toString();
    assertTrue(text.matches("(?s).*\\nde\\s+0\\.0%\\s+0\\s+0\\s+3\\s+2\\n.*"), text);
    assertTrue(text.contains("de missing: after-sales/refund-status,"), text);
    assertTrue(text.contains("ja untracked (no source-hash): logistics/delay-apology"), text);
    out.getBuffer().setLength(0);
    assertEquals(
        0,
        run("status", "--templates", templates.toString(), "--locale", "DE", "--format", "json"));
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertEquals(1, json.get("locales").size());
    assertEquals("de", json.get("locales").get(0).get("locale").asText());
    assertEquals(3, json.get("locales").get(0).get("missing").asInt());
    assertEquals(2, run("status", "--templates", templates.toString(), "--locale", "ko"));
    assertEquals(2, run("status", "--templates", templates.toString(), "--locale", "en"));
    assertEquals(2, run("status", "--templates", templates.toString(), "--format", "xml"));
  }

  @Test
  void lintExitsOneOnRedFindingsAndZeroOnTheBundledCatalog() throws Exception {
    assertEquals(0, run("lint", "--templates", TestCatalogs.bundled().toString()));
    assertTrue(out.toString().endsWith("0 red, 0 yellow" + System.lineSeparator()), out::toString);
    Path lint = TestCatalogs.copy("lint", dir);
    out.getBuffer().setLength(0);
    assertEquals(1, run("lint", "--templates", lint.toString(), "--locale", "ru"));
    assertTrue(
        out.toString().contains("/ru/check/plural-missing.md:5: red [plural-categories]"),
        out::toString);
    assertTrue(!out.toString().contains("/de/check/"), "only ru was asked for");
    out.getBuffer().setLength(0);
    assertEquals(1, run("lint", "--templates", lint.toString(), "--format", "json"));
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertTrue(json.get("red").asInt() > 0);
    assertEquals(json.get("red").asInt() + json.get("yellow").asInt(), json.get("findings").size());
    assertEquals(2, run("lint", "--templates", lint.toString(), "--locale", "zh_CN"));
  }

  @Test
  void exportThenImportATranslatedFileMakesTheTranslationCurrent() throws Exception {
    Path xliff = dir.resolve("de.xlf");
    assertEquals(
        0,
        run(
            "export",
            "--templates",
            templates.toString(),
            "--locale",
            "de",
            "-o",
            xliff.toString()));
    assertTrue(
        err.toString().contains("5 templates (3 missing, 2 outdated or untracked, 0 current)"),
        err::toString);
    String text = java.nio.file.Files.readString(xliff);
    String unit = "<unit id=\"thanks.review-thanks.body\">";
    int end = text.indexOf("</source>", text.indexOf(unit)) + "</source>".length();
    text =
        text.substring(0, end)
            + "<target xml:space=\"preserve\">Vielen Dank für Ihre Bewertung, {customer}!</target>"
            + text.substring(end);
    unit = "<unit id=\"thanks.review-thanks.title\">";
    end = text.indexOf("</source>", text.indexOf(unit)) + "</source>".length();
    text =
        text.substring(0, end)
            + "<target xml:space=\"preserve\">Danke für Ihre Bewertung</target>"
            + text.substring(end);
    java.nio.file.Files.writeString(xliff, text);
    assertEquals(0, run("import", xliff.toString(), "--templates", templates.toString()));
    assertTrue(
        out.toString().contains("created thanks/review-thanks: de/thanks/review-thanks.md"),
        out::toString);
    assertTrue(out.toString().contains("1 created, 0 updated"), out::toString);
    out.getBuffer().setLength(0);
    run("status", "--templates", templates.toString(), "--locale", "de", "--format", "json");
    assertEquals(
        1,
        new ObjectMapper().readTree(out.toString()).get("locales").get(0).get("current").asInt());
    // Importing the same file again changes nothing.
    out.getBuffer().setLength(0);
    assertEquals(0, run("import", xliff.toString(), "--templates", templates.toString()));
    assertTrue(out.toString().contains("unchanged thanks/review-thanks"), out::toString);
  }

  @Test
  void importOfABrokenFileFailsClearly() throws Exception {
    Path bad = java.nio.file.Files.writeString(dir.resolve("bad.xlf"), "<xliff version=\"1.2\"/>");
    assertEquals(1, run("import", bad.toString(), "--templates", templates.toString()));
    assertTrue(err.toString().contains("is not a usable XLIFF 2.0 file"), err::toString);
    assertTrue(!err.toString().contains("\tat "), err::toString);
    assertEquals(
        2, run("import", dir.resolve("none.xlf").toString(), "--templates", templates.toString()));
    assertEquals(2, run("export", "--templates", templates.toString(), "--locale", "en"));
  }
}
