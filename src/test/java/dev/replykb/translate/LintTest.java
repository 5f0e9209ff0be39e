package dev.replykb.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lint catalog seeds one problem per file; each must be found with its check and severity. */
class LintTest {
  @TempDir static Path dir;
  static List<Finding> findings;

  @BeforeAll
  static void lint() throws IOException {
    Path root = TestCatalogs.copy("lint", dir);
    Catalog catalog = new CatalogLoader().load(root);
    findings = new Lint(root, catalog, HouseRules.load(root)).run(null);
  }

  private static List<Finding> in(String file) {
    return findings.stream().filter(f -> f.file().equals(file)).toList();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          de/check/order.md        | placeholders                        | red    | {orderId} of the source is missing
          fr/check/order.md        | placeholders                        | red    | {ordreId} should be {orderId}
          es/check/order.md        | placeholders                        | red    | {carrier} is not in the source
          de/check/code.md         | quoted-placeholder                  | red    | '{code}'
          ru/check/order.md        | plural-categories                   | red    | lacks [few, many]
          pt-BR/check/order.md     | plural-categories                   | yellow | never uses
          de/check/duties.md       | select-keys                         | red    | lacks the source's [yes]
          fr/check/plain.md        | untranslated                        | red    | the body is the source text
          de/check/plain.md        | whitespace                          | yellow | doubled space
          es/check/plain.md        | repeated-word                       | yellow | 'ya' twice
          it/check/plain.md        | brackets                            | yellow | unbalanced ()
          zh-Hant/check/plain.md   | punctuation                         | yellow | Latin ','
          de/check/letter.md       | email-greeting                      | red    | greeting paragraph
          en/check/long-chat.md    | chat-length                         | yellow | long to read
          zh-Hans/check/plain.md   | house-rule:zh-no-opening-bu         | red    | never opens with 不
          zh-Hans/check/duties.md  | house-rule:zh-no-refusal            | red    | 这个不算售后
          de/check/refusal.md      | house-rule:de-formal-sie            | red    | never du
          ja/check/plain.md        | house-rule:ja-formal-desu-masu      | red    | です/ます
          ru/check/plain.md        | house-rule:ru-polite-vy             | red    | never ты
          en/check/refusal.md      | house-rule:en-unfortunately-no-alternative | yellow | needs an alternative
          ja/check/order.md        | icu-syntax                          | red    | invalid ICU message
          ar/check/plain.md        | invalid-file                        | red    | body after the front matter is empty
          ar/check/order.md        | invalid-file                        | red    | missing 'title'
          """)
  void findsTheSeededProblem(String file, String check, String severity, String message) {
    List<Finding> found = in(file).stream().filter(f -> f.check().equals(check)).toList();
    assertFalse(found.isEmpty(), () -> file + " has no " + check + " finding; it has " + in(file));
    assertTrue(
        found.stream()
            .anyMatch(
                f ->
                    f.severity().label().equals(severity)
                        && f.message().contains(message)
                        && f.line() > 0),
        found::toString);
  }

  @Test
  void cleanFilesHaveNoFindings() {
    // A declared omission is no finding; a correct translation neither.
    assertEquals(List.of(), in("zh-Hans/check/order.md"));
    assertEquals(List.of(), in("nl/check/plain.md"));
  }

  @Test
  void redFindingsBlock() {
    assertTrue(Lint.anyRed(findings));
    assertFalse(Lint.anyRed(in("pt-BR/check/order.md")));
  }

  @Test
  void theBundledCatalogHasNoRedFinding() throws IOException {
    Path root = TestCatalogs.bundled();
    Catalog catalog = new CatalogLoader().load(root);
    List<Finding> bundled = new Lint(root, catalog, HouseRules.load(root)).run(null);
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
