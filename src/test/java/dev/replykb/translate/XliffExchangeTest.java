package dev.replykb.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.CatalogStore;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export, translate in the file, import: the round trip translators make with their tools. */
class XliffExchangeTest {
  @TempDir Path dir;
  Path root;

  @BeforeEach
  void setUp() {
    root = TestCatalogs.copy("shop", dir);
  }

  private Catalog load() throws IOException {
    return new CatalogLoader().load(root);
  }

  private String export(String locale) throws IOException {
    StringWriter out = new StringWriter();
    XliffExchange.export(load(), ULocale.forLanguageTag(locale), false, out);
    return out.toString();
  }

  private List<XliffExchange.Outcome> importText(String xliff) throws IOException {
    Path file = Files.writeString(dir.resolve("in.xlf"), xliff);
    Catalog catalog = load();
    return XliffExchange.importFile(file, catalog, new CatalogEditor(CatalogStore.files(catalog)));
  }

  private static String translate(String xliff, String unit, String target) {
    String marker = "<unit id=\"" + unit + "\">";
    int at = xliff.indexOf(marker);
    int sourceEnd = xliff.indexOf("</source>", at) + "</source>".length();
    return xliff.substring(0, sourceEnd)
        + "\n    <target xml:space=\"preserve\">"
        + target
        + "</target>"
        + xliff.substring(sourceEnd);
  }

  /** Sets the state of a unit's segment, as a translation tool does when a translator confirms. */
  private static String markTranslated(String xliff, String unit) {
    int at = xliff.indexOf("<unit id=\"" + unit + "\">");
    int segment = xliff.indexOf("<segment>", at);
    return xliff.substring(0, segment)
        + "<segment state=\"translated\">"
        + xliff.substring(segment + "<segment>".length());
  }

  private TranslationStatus.State state(String locale, String id) throws IOException {
    return TranslationStatus.of(load()).entries(locale).stream()
        .filter(e -> e.id().equals(id))
        .findFirst()
        .orElseThrow()
        .state();
  }

  @Test
  void exportsTheMissingAndOutdatedUnitsWithNotesAndStates() throws IOException {
    String xliff = export("de");
    assertTrue(xliff.contains("version=\"2.0\""));
    assertTrue(xliff.contains("srcLang=\"en\" trgLang=\"de\""));
    assertTrue(
        xliff.contains("<unit id=\"after-sales.refund-status.title\">"), "missing: exported");
    assertTrue(xliff.contains("<unit id=\"logistics.delay-apology.body\">"), "untracked: exported");
    assertTrue(
        xliff.contains("<target xml:space=\"preserve\">Lieferverzögerung"), "existing target kept");
    assertTrue(xliff.contains("channel chat, tone friendly"));
    assertTrue(xliff.contains("{customer} {orderId} {refundDate, date}"), "placeholders noted");
    assertTrue(xliff.contains("category=\"source-hash\""));
  }

  @Test
  void aTranslationImportedFromTheFileIsCurrent() throws IOException {
    String xliff = export("de");
    xliff = translate(xliff, "after-sales.refund-status.title", "Stand der Rückerstattung");
    xliff =
        translate(
            xliff,
            "after-sales.refund-status.body",
            "Guten Tag {customer}, die Rückerstattung für Bestellung {orderId} wurde am {refundDate, date, medium} veranlasst.");
    List<XliffExchange.Outcome> outcomes = importText(xliff);
    assertTrue(
        outcomes.contains(
            new XliffExchange.Outcome(
                "after-sales/refund-status", "created", "de/after-sales/refund-status.md")),
        outcomes::toString);
    Catalog after = load();
    Variant de =
        after
            .template(TemplateId.parse("after-sales/refund-status"))
            .orElseThrow()
            .variant("de")
            .orElseThrow();
    assertEquals("Stand der Rückerstattung", de.title());
    Variant en =
        after
            .template(TemplateId.parse("after-sales/refund-status"))
            .orElseThrow()
            .variant("en")
            .orElseThrow();
    assertEquals(SourceHash.of(en.title(), en.body().pattern()), de.sourceHash());
    TranslationStatus.State state =
        TranslationStatus.of(after).entries("de").stream()
            .filter(e -> e.id().equals("after-sales/refund-status"))
            .findFirst()
            .orElseThrow()
            .state();
    assertEquals(TranslationStatus.State.CURRENT, state);
  }

  @Test
  void aTranslationOfASourceThatChangedSinceTheExportIsOutdated() throws IOException {
    String xliff = export("de");
    Path source = root.resolve("en/after-sales/refund-status.md");
    Files.writeString(source, Files.readString(source).replace("was issued", "has been issued"));
    xliff = translate(xliff, "after-sales.refund-status.title", "Stand der Rückerstattung");
    xliff =
        translate(
            xliff,
            "after-sales.refund-status.body",
            "Guten Tag {customer}, Bestellung {orderId}: erstattet am {refundDate, date, medium}.");
    importText(xliff);
    TranslationStatus.State state =
        TranslationStatus.of(load()).entries("de").stream()
            .filter(e -> e.id().equals("after-sales/refund-status"))
            .findFirst()
            .orElseThrow()
            .state();
    assertEquals(TranslationStatus.State.OUTDATED, state);
  }

  @Test
  void aTranslationThatBreaksTheChecksIsRejectedAndNothingIsWritten() throws IOException {
    String xliff = export("de");
    xliff = translate(xliff, "after-sales.refund-status.title", "Stand der Rückerstattung");
    xliff =
        translate(
            xliff, "after-sales.refund-status.body", "Hallo, deine Erstattung ist unterwegs.");
    List<XliffExchange.Outcome> outcomes = importText(xliff);
    XliffExchange.Outcome refund =
        outcomes.stream()
            .filter(o -> o.id().equals("after-sales/refund-status"))
            .findFirst()
            .orElseThrow();
    assertEquals("rejected", refund.result());
    assertTrue(refund.message().contains("placeholders"), refund::message);
    assertTrue(!Files.exists(root.resolve("de/after-sales/refund-status.md")));
  }

  @Test
  void aConfirmedUnchangedTranslationBecomesCurrent() throws IOException {
    // de/return-request has no source-hash (untracked); the translator checks it and confirms.
    assertEquals(TranslationStatus.State.UNTRACKED, state("de", "after-sales/return-request"));
    String xliff = export("de");
    xliff = markTranslated(xliff, "after-sales.return-request.title");
    xliff = markTranslated(xliff, "after-sales.return-request.body");
    List<XliffExchange.Outcome> outcomes = importText(xliff);
    assertTrue(
        outcomes.contains(
            new XliffExchange.Outcome(
                "after-sales/return-request", "confirmed", "de/after-sales/return-request.md")),
        outcomes::toString);
    assertEquals(TranslationStatus.State.CURRENT, state("de", "after-sales/return-request"));
  }

  @Test
  void unitsLeftAsExportedChangeNothing() throws IOException {
    Path file = root.resolve("de/after-sales/return-request.md");
    String before = Files.readString(file);
    List<XliffExchange.Outcome> outcomes = importText(export("de"));
    assertTrue(
        outcomes.stream()
            .allMatch(o -> o.result().equals("unchanged") || o.result().equals("skipped")),
        outcomes::toString);
    assertEquals(before, Files.readString(file));
  }

  @Test
  void anEditMadeInTheCatalogAfterTheExportIsNeverOverwritten() throws IOException {
    String xliff = export("de");
    Path file = root.resolve("de/after-sales/return-request.md");
    String edited = Files.readString(file).replace("Zeit für die Retoure", "Zeit zum Zurücksenden");
    Files.writeString(file, edited);
    xliff =
        translate(
            xliff.replaceFirst(
                "(<unit id=\"after-sales.return-request.body\">(?s:.*?))<target[^>]*>.*?</target>",
                "$1"),
            "after-sales.return-request.body",
            "Guten Tag {customer}, Sie haben {days, plural, one {# Tag} other {# Tage}}: {returnUrl}.");
    List<XliffExchange.Outcome> outcomes = importText(xliff);
    XliffExchange.Outcome outcome =
        outcomes.stream()
            .filter(o -> o.id().equals("after-sales/return-request"))
            .findFirst()
            .orElseThrow();
    assertEquals("conflict", outcome.result(), outcome::message);
    assertEquals(edited, Files.readString(file));
  }

  @Test
  void aFileForTheSourceLocaleOrWithoutATargetLanguageIsRefused() throws IOException {
    String xliff = export("de");
    for (String bad : List.of("trgLang=\"en\"", "trgLang=\"de_DE\"")) {
      String text = xliff.replace("trgLang=\"de\"", bad);
      assertThrows(IllegalArgumentException.class, () -> importText(text), bad);
    }
  }
}
