package dev.replykb.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import dev.replykb.TestCatalogs;
import dev.replykb.render.Placeholder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {
  @TempDir Path dir;
  Path root;

  private static final String GOOD =
      """
      ---
      title: Change of address
      tags: [address, wrong address]
      examples:
        - I typed the wrong street
      channel: chat
      tone: friendly
      shortcut: /address
      ---
      Hi {customer}, we will update order {orderId}.
      """;

  @BeforeEach
  void setUp() {
    root = TestCatalogs.copy("shop", dir);
  }

  private Catalog load() throws IOException {
    return new CatalogLoader().load(root);
  }

  /** Loads the catalog and returns its only problem, failing if there is not exactly one. */
  private Problem onlyProblem() throws IOException {
    List<Problem> problems = load().problems();
    assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
    return problems.get(0);
  }

  @Test
  void readsTheFrontMatterAndBodyOfAValidFile() throws IOException {
    Catalog catalog = load();
    assertEquals(List.of(), catalog.problems());
    Template template = catalog.template(TemplateId.parse("logistics/delay-apology")).orElseThrow();
    Variant en = template.variant("en").orElseThrow();
    assertEquals("Late parcel - apology and compensation", en.title());
    assertEquals(List.of("delay", "late parcel", "compensation"), en.tags());
    assertEquals(List.of("My order still hasn't arrived."), en.examples());
    assertEquals(Channel.EMAIL, en.channel());
    assertEquals(Tone.FORMAL, en.tone());
    assertEquals("/delay", en.shortcut());
    assertTrue(en.body().pattern().startsWith("Dear {customer},\n\nWe are sorry"));
    assertEquals("en/logistics/delay-apology.md", en.file());
    assertEquals(10, en.bodyLine());
    assertEquals(
        List.of(
            new Placeholder("customer", "text"),
            new Placeholder("orderId", "text"),
            new Placeholder("days", "plural"),
            new Placeholder("couponCode", "text"),
            new Placeholder("shop", "text")),
        en.body().placeholders());
  }

  @Test
  void translationsInheritChannelAndShortcutFromTheSourceVariant() throws IOException {
    Template template = load().template(TemplateId.parse("logistics/delay-apology")).orElseThrow();
    Variant de = template.variant("de").orElseThrow();
    // The German file sets neither; it inherits the English variant's.
    assertEquals(Channel.EMAIL, de.channel());
    assertEquals("/delay", de.shortcut());
    assertEquals(List.of("de", "en", "ja", "zh-Hans"), List.copyOf(template.variants().keySet()));
  }

  @Test
  void channelDefaultsToAnyAndOmitsIsRead() throws IOException {
    TestCatalogs.write(
        root, "en/inquiry/duties.md", "---\ntitle: Duties\n---\nNo duties for {destination}.\n");
    Catalog catalog = load();
    assertEquals(
        Channel.ANY, catalog.template(TemplateId.parse("inquiry/duties")).orElseThrow().channel());
    Variant zh =
        catalog
            .template(TemplateId.parse("logistics/address-change"))
            .orElseThrow()
            .variant("zh-Hans")
            .orElseThrow();
    assertEquals(List.of("customer"), zh.omits());
  }

  @Test
  void findsTemplatesByShortcutAndCountsVariantsPerLocale() throws IOException {
    Catalog catalog = load();
    assertEquals(
        "after-sales/refund-status", catalog.byShortcut("/refund").orElseThrow().id().toString());
    assertEquals(5, catalog.variantCountsByLocale().get("en"));
    assertEquals(1, catalog.variantCountsByLocale().get("zh-Hant"));
    assertEquals(13, catalog.variantCount());
  }

  @Test
  void readsCatalogSettings() throws IOException {
    TestCatalogs.write(
        root, "catalog.yaml", "source-locale: de\nfallback-locale: en\nscript-conversion: false\n");
    CatalogSettings settings = load().settings();
    assertEquals(ULocale.GERMAN, settings.sourceLocale());
    assertEquals(ULocale.ENGLISH, settings.fallbackLocale());
    assertFalse(settings.scriptConversion());
  }

  @Test
  void fallbackLocaleDefaultsToTheSourceLocale() throws IOException {
    TestCatalogs.write(root, "catalog.yaml", "source-locale: de\n");
    assertEquals(ULocale.GERMAN, load().settings().fallbackLocale());
  }

  @Test
  void reportsBrokenYamlWithItsLine() throws IOException {
    TestCatalogs.write(
        root,
        "de/thanks/review-thanks.md",
        "---\ntitle: Danke\ntags: [a, b\n---\nDanke {customer}!\n");
    Problem problem = onlyProblem();
    assertEquals("de/thanks/review-thanks.md", problem.file());
    assertTrue(problem.line() >= 3, problem::toString);
    assertTrue(problem.reason().startsWith("broken front matter"), problem::toString);
  }

  @Test
  void reportsAFileWithoutFrontMatter() throws IOException {
    TestCatalogs.write(root, "de/thanks/review-thanks.md", "Danke {customer}!\n");
    Problem problem = onlyProblem();
    assertEquals(1, problem.line());
    assertTrue(problem.reason().contains("missing front matter"), problem::toString);
  }

  @Test
  void reportsAnUnclosedFrontMatter() throws IOException {
    TestCatalogs.write(
        root, "de/thanks/review-thanks.md", "---\ntitle: Danke\nDanke {customer}!\n");
    assertTrue(onlyProblem().reason().contains("not closed"));
  }

  @Test
  void reportsAMissingTitle() throws IOException {
    TestCatalogs.write(
        root, "de/thanks/review-thanks.md", "---\ntags: [danke]\n---\nDanke {customer}!\n");
    Problem problem = onlyProblem();
    assertEquals("missing 'title' in the front matter", problem.reason());
    assertNull(
        load()
            .template(TemplateId.parse("thanks/review-thanks"))
            .orElseThrow()
            .variants()
            .get("de"));
  }

  @Test
  void reportsABadTemplateName() throws IOException {
    TestCatalogs.write(root, "en/thanks/Review_Thanks.md", GOOD);
    Problem problem = onlyProblem();
    assertEquals("en/thanks/Review_Thanks.md", problem.file());
    assertTrue(problem.reason().startsWith("bad id: name 'Review_Thanks'"), problem::toString);
  }

  @Test
  void reportsABadCategoryName() throws IOException {
    TestCatalogs.write(root, "en/After Sales/refund.md", GOOD);
    assertTrue(onlyProblem().reason().startsWith("bad id: category 'After Sales'"));
  }

  @Test
  void reportsALocaleFolderThatIsNotABcp47Tag() throws IOException {
    TestCatalogs.write(root, "zh_CN/logistics/address-change.md", GOOD);
    Problem problem = onlyProblem();
    assertEquals("zh_CN/logistics/address-change.md", problem.file());
    assertTrue(problem.reason().contains("'zh_CN' is not a valid BCP 47"), problem::toString);
  }

  @Test
  void reportsALocaleFolderNotInCanonicalCase() throws IOException {
    TestCatalogs.write(root, "zh-hant/logistics/address-change.md", GOOD);
    assertTrue(onlyProblem().reason().contains("rename the folder to 'zh-Hant'"));
  }

  @Test
  void reportsALocaleFolderOfNoKnownLanguage() throws IOException {
    TestCatalogs.write(root, "xx/logistics/address-change.md", GOOD);
    assertTrue(onlyProblem().reason().contains("does not name a known language"));
  }

  @Test
  void reportsAnInvalidIcuPatternAtTheLineOfTheError() throws IOException {
    TestCatalogs.write(
        root,
        "de/thanks/review-thanks.md",
        "---\ntitle: Danke\n---\nGuten Tag {customer},\n\nvielen Dank {days, plural, one {# Tag}}.\n");
    Problem problem = onlyProblem();
    assertEquals(6, problem.line(), problem::toString);
    assertTrue(problem.reason().contains("Missing 'other'"), problem::toString);
  }

  @Test
  void reportsAnUnclosedBraceInTheBody() throws IOException {
    TestCatalogs.write(
        root, "de/thanks/review-thanks.md", "---\ntitle: Danke\n---\nHallo,\n\nDanke {customer!\n");
    Problem problem = onlyProblem();
    assertEquals(6, problem.line(), problem::toString);
    assertTrue(problem.reason().startsWith("invalid ICU message"));
  }

  @Test
  void reportsANumberedArgument() throws IOException {
    TestCatalogs.write(root, "de/thanks/review-thanks.md", "---\ntitle: Danke\n---\nDanke {0}!\n");
    Problem problem = onlyProblem();
    assertEquals(4, problem.line());
    assertTrue(problem.reason().contains("numbered argument {0}"), problem::toString);
  }

  @Test
  void reportsAnUnknownArgumentType() throws IOException {
    TestCatalogs.write(
        root, "de/thanks/review-thanks.md", "---\ntitle: Danke\n---\nAm {eta, dat, long}.\n");
    assertTrue(onlyProblem().reason().contains("unknown argument type 'dat'"));
  }

  @Test
  void reportsAnInvalidCustomDateStyle() throws IOException {
    TestCatalogs.write(
        root,
        "de/thanks/review-thanks.md",
        "---\ntitle: Danke\n---\nAm {eta, number, #,##0.0.0.0}.\n");
    assertTrue(onlyProblem().reason().startsWith("invalid ICU message"));
  }

  @Test
  void reportsAnEmptyBody() throws IOException {
    TestCatalogs.write(root, "de/thanks/review-thanks.md", "---\ntitle: Danke\n---\n\n\n");
    assertTrue(onlyProblem().reason().contains("body after the front matter is empty"));
  }

  @Test
  void reportsAFileThatIsNotUtf8() throws IOException {
    Path file = root.resolve("de/thanks/review-thanks.md");
    Files.createDirectories(file.getParent());
    Files.write(
        file,
        "---\ntitle: Gr\u00fc\u00dfe\n---\nDanke\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertTrue(onlyProblem().reason().startsWith("not valid UTF-8"));
  }

  @Test
  void aReplacementCharacterWrittenInUtf8IsText() throws IOException {
    TestCatalogs.write(
        root, "de/thanks/review-thanks.md", "---\ntitle: Danke \uFFFD\n---\nDanke \uFFFD!\n");
    Catalog catalog = load();
    assertEquals(List.of(), catalog.problems());
    Variant v =
        catalog
            .template(TemplateId.parse("thanks/review-thanks"))
            .orElseThrow()
            .variants()
            .values()
            .iterator()
            .next();
    assertEquals("Danke \uFFFD", v.title());
    assertEquals("Danke \uFFFD!", v.body().pattern());
  }

  @Test
  void reportsAnUnknownFrontMatterKeyAtItsLine() throws IOException {
    TestCatalogs.write(
        root, "de/thanks/review-thanks.md", "---\ntitle: Danke\nexmaples: [a]\n---\nDanke!\n");
    Problem problem = onlyProblem();
    assertEquals(3, problem.line());
    assertTrue(problem.reason().startsWith("unknown front-matter key 'exmaples'"));
  }

  @Test
  void reportsAValueOfTheWrongShape() throws IOException {
    TestCatalogs.write(
        root, "de/thanks/review-thanks.md", "---\ntitle: Danke\ntags: danke\n---\nDanke!\n");
    assertEquals("'tags' must be a list, like tags: [a, b]", onlyProblem().reason());
  }

  @Test
  void reportsAnUnknownChannelAndTone() throws IOException {
    TestCatalogs.write(
        root,
        "en/thanks/other.md",
        "---\ntitle: Thanks\nchannel: sms\ntone: casual\n---\nThanks!\n");
    List<Problem> problems = load().problems();
    assertEquals(2, problems.size(), problems::toString);
    assertEquals("channel 'sms' must be chat, email or any", problems.get(0).reason());
    assertEquals("tone 'casual' must be formal or friendly", problems.get(1).reason());
  }

  @Test
  void reportsAMalformedShortcut() throws IOException {
    TestCatalogs.write(
        root, "en/thanks/other.md", "---\ntitle: Thanks\nshortcut: thx\n---\nThanks!\n");
    assertTrue(onlyProblem().reason().startsWith("shortcut 'thx' must be '/'"));
  }

  @Test
  void reportsAShortcutUsedTwiceAndKeepsTheFirstOwner() throws IOException {
    // Templates are settled in id order: thanks/review-thanks comes before thanks/zz-other.
    TestCatalogs.write(
        root, "en/thanks/zz-other.md", "---\ntitle: Thanks\nshortcut: /review\n---\nThanks!\n");
    Catalog catalog = load();
    assertEquals(1, catalog.problems().size(), catalog.problems()::toString);
    assertTrue(catalog.problems().get(0).reason().contains("already used by thanks/review-thanks"));
    assertEquals(
        "thanks/review-thanks", catalog.byShortcut("/review").orElseThrow().id().toString());
  }

  @Test
  void reportsATranslationThatContradictsTheSourceChannel() throws IOException {
    TestCatalogs.write(
        root, "de/thanks/review-thanks.md", "---\ntitle: Danke\nchannel: email\n---\nDanke!\n");
    Catalog catalog = load();
    assertTrue(onlyProblem().reason().contains("translations inherit the channel"));
    // Still served, with the template's channel.
    assertEquals(
        Channel.CHAT,
        catalog
            .template(TemplateId.parse("thanks/review-thanks"))
            .orElseThrow()
            .variant("de")
            .orElseThrow()
            .channel());
  }

  @Test
  void reportsFilesAtTheWrongDepth() throws IOException {
    TestCatalogs.write(root, "stray.md", GOOD);
    TestCatalogs.write(root, "en/stray.md", GOOD);
    TestCatalogs.write(root, "en/thanks/old/stray.md", GOOD);
    List<Problem> problems = load().problems();
    assertEquals(3, problems.size(), problems::toString);
    assertTrue(problems.get(0).reason().contains("belong in a category folder"));
    assertTrue(problems.get(1).reason().startsWith("too deep"));
    assertTrue(problems.get(2).reason().contains("not in the catalog root"));
  }

  @Test
  void reportsAnOversizedFile() throws IOException {
    TestCatalogs.write(
        root, "en/thanks/huge.md", "---\ntitle: Huge\n---\n" + "x".repeat(300 * 1024) + "\n");
    assertTrue(onlyProblem().reason().contains("larger than"));
  }

  @Test
  void aBadFileLeavesTheOtherVariantsOfItsTemplateServed() throws IOException {
    TestCatalogs.write(root, "de/logistics/delay-apology.md", "---\ntitle: Kaputt\n---\n{oops\n");
    Catalog catalog = load();
    assertEquals(1, catalog.problems().size());
    Template template = catalog.template(TemplateId.parse("logistics/delay-apology")).orElseThrow();
    assertEquals(List.of("en", "ja", "zh-Hans"), List.copyOf(template.variants().keySet()));
  }

  @Test
  void reportsBrokenCatalogSettingsAndUsesDefaults() throws IOException {
    TestCatalogs.write(root, "catalog.yaml", "source-locale: zh_CN\nfallbak-locale: en\n");
    Catalog catalog = load();
    assertEquals(ULocale.ENGLISH, catalog.settings().sourceLocale());
    assertEquals(2, catalog.problems().size(), catalog.problems()::toString);
  }

  @Test
  void ignoresHiddenFilesAndFilesThatAreNotTemplates() throws IOException {
    TestCatalogs.write(root, ".git/config", "x");
    TestCatalogs.write(root, "en/thanks/.review-thanks.md.swp", "x");
    TestCatalogs.write(root, "README.txt", "about this catalog");
    assertEquals(List.of(), load().problems());
  }

  @Test
  void aLinkToATemplateFileIsReadAndAHiddenFolderInALocaleIsNot() throws IOException {
    Path source = root.resolve("de/logistics/delay-apology.md");
    Path hidden = root.resolve("de/.drafts/logistics/draft-apology.md");
    Files.createDirectories(hidden.getParent());
    Files.copy(source, hidden);
    Files.createSymbolicLink(root.resolve("de/logistics/linked-apology.md"), source);
    Files.createSymbolicLink(root.resolve("de/logistics/dangling.md"), root.resolve("gone.md"));
    Catalog catalog = load();
    assertEquals(List.of(), catalog.problems());
    assertTrue(catalog.template(TemplateId.parse("logistics/linked-apology")).isPresent());
    assertTrue(catalog.template(TemplateId.parse("logistics/draft-apology")).isEmpty());
    assertTrue(catalog.template(TemplateId.parse("logistics/dangling")).isEmpty());
  }

  @Test
  void aMissingFolderIsAnError() {
    IOException e =
        assertThrows(IOException.class, () -> new CatalogLoader().load(dir.resolve("nowhere")));
    assertTrue(e.getMessage().contains("does not exist"));
  }

  @Test
  void theFingerprintChangesWithAnyFileAndOnlyThen() throws IOException {
    String first = load().fingerprint();
    assertEquals(first, load().fingerprint());
    Path file = root.resolve("de/logistics/delay-apology.md");
    Files.writeString(file, Files.readString(file).replace("leider", "leider sehr"));
    assertNotEquals(first, load().fingerprint());
  }

  @Test
  void theFingerprintCoversBrokenFilesToo() throws IOException {
    TestCatalogs.write(root, "de/thanks/review-thanks.md", "no front matter\n");
    String first = load().fingerprint();
    TestCatalogs.write(root, "de/thanks/review-thanks.md", "still no front matter\n");
    assertNotEquals(first, load().fingerprint());
  }
}
