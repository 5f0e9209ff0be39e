package dev.replykb.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslationStatusTest {
  @TempDir Path dir;
  Path root;

  @BeforeEach
  void setUp() throws IOException {
    root = TestCatalogs.copy("shop", dir);
    Catalog catalog = new CatalogLoader().load(root);
    // de/delay-apology: translated from the current source; de/return-request: from an older one.
    String current =
        SourceHash.of(
            catalog
                .template(dev.replykb.catalog.TemplateId.parse("logistics/delay-apology"))
                .orElseThrow()
                .variant("en")
                .orElseThrow()
                .title(),
            catalog
                .template(dev.replykb.catalog.TemplateId.parse("logistics/delay-apology"))
                .orElseThrow()
                .variant("en")
                .orElseThrow()
                .body()
                .pattern());
    stamp("de/logistics/delay-apology.md", current);
    stamp("de/after-sales/return-request.md", "0123456789abcdef");
  }

  private void stamp(String file, String hash) throws IOException {
    Path path = root.resolve(file);
    String text = Files.readString(path);
    Files.writeString(path, text.replaceFirst("\ntone:", "\nsource-hash: " + hash + "\ntone:"));
  }

  private Map<String, TranslationStatus.State> states(String locale) throws IOException {
    return TranslationStatus.of(new CatalogLoader().load(root)).entries(locale).stream()
        .collect(Collectors.toMap(TranslationStatus.Entry::id, TranslationStatus.Entry::state));
  }

  @Test
  void tellsCurrentOutdatedUntrackedAndMissing() throws IOException {
    Map<String, TranslationStatus.State> de = states("de");
    assertEquals(TranslationStatus.State.CURRENT, de.get("logistics/delay-apology"));
    assertEquals(TranslationStatus.State.OUTDATED, de.get("after-sales/return-request"));
    assertEquals(TranslationStatus.State.MISSING, de.get("after-sales/refund-status"));
    assertEquals(TranslationStatus.State.MISSING, de.get("thanks/review-thanks"));
    // ja/delay-apology has no source-hash.
    assertEquals(TranslationStatus.State.UNTRACKED, states("ja").get("logistics/delay-apology"));
  }

  @Test
  void theStatusOfOneLocaleIsThatLocalesPartOfTheWhole() throws IOException {
    Catalog catalog = new CatalogLoader().load(root);
    TranslationStatus all = TranslationStatus.of(catalog);
    TranslationStatus de = TranslationStatus.of(catalog, "de");
    assertEquals(all.entries("de"), de.entries("de"));
    assertEquals(all.summaries("de"), de.summaries(null), "nothing of the other locales");
    assertEquals(List.of(), de.entries("fr"));
  }

  @Test
  void summarizesEachLocale() throws IOException {
    TranslationStatus status = TranslationStatus.of(new CatalogLoader().load(root));
    TranslationStatus.LocaleSummary de = status.summaries("de").get(0);
    assertEquals(5, de.templates());
    assertEquals(1, de.current());
    assertEquals(1, de.outdated());
    assertEquals(3, de.missing());
    assertEquals(20.0, de.percentComplete());
    assertEquals(List.of("after-sales/return-request"), de.outdatedIds());
    // The source locale has no status of its own.
    assertEquals(List.of(), status.summaries("en"));
  }

  @Test
  void editingTheSourceTurnsItsTranslationsOutdated() throws IOException {
    Path source = root.resolve("en/logistics/delay-apology.md");
    Files.writeString(source, Files.readString(source).replace("is late", "is running late"));
    assertEquals(TranslationStatus.State.OUTDATED, states("de").get("logistics/delay-apology"));
  }

  @Test
  void editingOnlyTagsOfTheSourceKeepsTranslationsCurrent() throws IOException {
    Path source = root.resolve("en/logistics/delay-apology.md");
    Files.writeString(
        source,
        Files.readString(source).replace("[delay, late parcel", "[delay, late parcel, slow"));
    assertEquals(TranslationStatus.State.CURRENT, states("de").get("logistics/delay-apology"));
  }

  @Test
  void theHashIsTheDocumentedOne() throws Exception {
    // title + "\n" + body, NFC, SHA-256, first 16 hex characters; CRLF and blank lead lines
    // ignored.
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("Refund status\nHi {customer}.".getBytes(StandardCharsets.UTF_8)))
            .substring(0, 16);
    assertEquals(expected, SourceHash.of("Refund status", "Hi {customer}."));
    assertEquals(expected, SourceHash.of("  Refund status ", "\r\n\r\nHi {customer}.\r\n  "));
    // Composed and decomposed é hash alike.
    assertEquals(SourceHash.of("Caf\u00e9", "x"), SourceHash.of("Cafe\u0301", "x"));
  }
}
