package dev.replykb.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.text.PluralRules;
import com.ibm.icu.util.ULocale;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lint catalog ({@code catalogs/lint}) seeds one problem per file, named after it; each must be
 * found alone, with its check, severity and line, and nothing else may be found anywhere.
 */
class LintTest {
  @TempDir static Path dir;
  static List<Finding> findings;

  @BeforeAll
  static void lint() throws IOException {
    Path root = TestCatalogs.copy("lint", dir);
    findings = Lint.of(new CatalogLoader().load(root)).run(null);
  }

  private static List<Finding> in(String file) {
    return findings.stream().filter(f -> f.file().equals(file)).toList();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvFileSource(
      resources = "/catalogs/lint-findings.csv",
      delimiter = '|',
      quoteCharacter = '~',
      numLinesToSkip = 1)
  void findsTheSeededProblemAndNothingElse(
      String file, String check, String severity, int line, String message) {
    List<Finding> found = in(file);
    assertEquals(1, found.size(), () -> file + " should have one finding, not " + found);
    Finding f = found.get(0);
    assertEquals(check, f.check(), f::toString);
    assertEquals(severity, f.severity().label(), f::toString);
    assertEquals(line, f.line(), f::toString);
    assertTrue(f.message().contains(message), f::toString);
  }

  @Test
  void everyFindingIsASeededOne() throws IOException {
    // Clean files (the sources, a declared omission, French without the millions-only 'many')
    // have no finding: the table lists every file that has one.
    Set<String> seeded =
        java.nio.file.Files.readAllLines(
                Path.of("src/test/resources/catalogs/lint-findings.csv"),
                java.nio.charset.StandardCharsets.UTF_8)
            .stream()
            .skip(1)
            .map(l -> l.substring(0, l.indexOf('|')).strip())
            .collect(Collectors.toSet());
    List<Finding> stray = findings.stream().filter(f -> !seeded.contains(f.file())).toList();
    assertEquals(List.of(), stray);
    assertEquals(List.of(), in("zh-Hans/check/placeholder-omitted.md"));
    assertEquals(List.of(), in("fr/check/plural-optional-many.md"));
  }

  @Test
  void aFileThatCannotBeReadStillNamesItsTemplateAndLocale() {
    Finding f = in("ja/check/icu-syntax.md").get(0);
    assertEquals("check/icu-syntax", f.id());
    assertEquals("ja", f.locale());
  }

  @Test
  void redFindingsBlockYellowOnesDoNot() {
    assertTrue(Lint.anyRed(findings));
    assertTrue(Lint.anyRed(in("ru/check/plural-missing.md")));
    assertFalse(Lint.anyRed(in("pt-BR/check/plural-unused.md")));
  }

  @ParameterizedTest(name = "{0} counts need {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ru | few many one other
          ar | few many one other two zero
          ja | other
          zh | other
          fr | one other
          pt | one other
          en | one other
          """)
  void pluralCategoriesOfCountsComeFromCldr(String locale, String categories) {
    // French and Portuguese 'many' is for exact millions only; Russian 'many' is 5 to 20.
    assertEquals(
        Set.of(categories.split(" ")),
        Lint.categoriesOfCounts(PluralRules.forLocale(new ULocale(locale))));
  }

  @Test
  void theBundledCatalogHasNoRedFinding() throws IOException {
    Catalog catalog = new CatalogLoader().load(TestCatalogs.bundled());
    List<Finding> bundled = Lint.of(catalog).run(null);
    assertFalse(
        Lint.anyRed(bundled), () -> bundled.stream().map(Finding::toString).toList().toString());
  }

  @Test
  void brokenRulesAreRedFindingsOfTheRulesFile() {
    HouseRules rules =
        HouseRules.parse(
            "rules:\n  - id: bad\n    locales: [de]\n    forbid: '(unclosed'\n    severity: red\n    message: m\n");
    assertEquals(1, rules.errors().size());
    assertTrue(rules.errors().get(0).contains("not a valid regular expression"));
  }
}
