package dev.replykb.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.text.PluralRules;
import dev.replykb.TestCatalogs;
import dev.replykb.render.Placeholder;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every template the product ships with, checked for what translators and buyers rely on. */
class BundledCatalogTest {
  static Catalog catalog;

  @BeforeAll
  static void load() throws IOException {
    catalog = new CatalogLoader().load(TestCatalogs.bundled());
  }

  static Stream<Variant> variants() throws IOException {
    load();
    return catalog.templates().stream().flatMap(t -> t.variants().values().stream());
  }

  @Test
  void loadsWithoutProblems() {
    assertEquals(List.of(), catalog.problems());
  }

  @Test
  void coversTheRequiredKindsAndLocales() {
    assertTrue(catalog.templates().size() >= 30, "at least 30 templates");
    Set<String> categories = new TreeSet<>();
    catalog.templates().forEach(t -> categories.add(t.id().category()));
    assertEquals(
        Set.of("after-sales", "auto-reply", "complaint", "inquiry", "logistics", "thanks"),
        categories);
    assertEquals(
        Set.of("ar", "de", "en", "es", "fr", "ja", "pt-BR", "ru", "zh-Hans", "zh-Hant"),
        catalog.variantCountsByLocale().keySet());
    // Some variants are missing on purpose, so that fallback and script conversion show.
    assertTrue(catalog.variantCount() < catalog.templates().size() * 10);
  }

  @Test
  void everyTemplateHasASourceVariantAndAShortcut() {
    for (Template template : catalog.templates()) {
      assertTrue(template.variant("en").isPresent(), template.id()::toString);
      assertTrue(template.shortcut() != null, template.id()::toString);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void usesExactlyTheSourcePlaceholdersExceptDeclaredOmissions(Variant variant) {
    Variant source = catalog.template(variant.id()).orElseThrow().variant("en").orElseThrow();
    Set<String> expected = names(source);
    expected.removeAll(variant.omits());
    assertEquals(expected, names(variant), variant.file());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void pluralsHaveEveryCategoryTheLocaleNeeds(Variant variant) {
    Set<String> required = PluralRules.forLocale(variant.locale()).getKeywords();
    MessagePattern pattern = new MessagePattern(variant.body().pattern());
    for (int i = 0; i < pattern.countParts(); i++) {
      MessagePattern.Part part = pattern.getPart(i);
      if (part.getType() == MessagePattern.Part.Type.ARG_START
          && part.getArgType() == MessagePattern.ArgType.PLURAL) {
        Set<String> selectors = new HashSet<>();
        int limit = pattern.getLimitPartIndex(i);
        for (int j = i + 1; j < limit; j++) {
          if (pattern.getPart(j).getType() == MessagePattern.Part.Type.ARG_SELECTOR) {
            selectors.add(pattern.getSubstring(pattern.getPart(j)));
          }
        }
        assertTrue(selectors.containsAll(required), variant.file() + " lacks " + required);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void emailRepliesGreetAndSignWithTheShop(Variant variant) {
    if (variant.channel() == Channel.EMAIL) {
      assertTrue(names(variant).contains("shop"), variant.file() + " signs with {shop}");
      assertTrue(variant.body().pattern().contains("\n\n"), variant.file() + " has paragraphs");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void followsTheHouseEtiquette(Variant variant) {
    String body = variant.body().pattern();
    assertFalse(body.startsWith("不"), variant.file() + ": a Chinese reply never opens with 不");
    for (String refusal : List.of("这个不算售后", "不买别问", "這個不算售後", "不買別問")) {
      assertFalse(body.contains(refusal), variant.file());
    }
    assertFalse(
        body.matches("(?s).*'[{}#].*"), variant.file() + ": an apostrophe before { } # quotes it");
    assertFalse(variant.tags().isEmpty(), variant.file() + " has tags");
    assertFalse(variant.examples().isEmpty(), variant.file() + " has examples");
    assertTrue(variant.tone() != null, variant.file() + " has a tone");
  }

  private static Set<String> names(Variant variant) {
    Set<String> names = new TreeSet<>();
    for (Placeholder p : variant.body().placeholders()) {
      names.add(p.name());
    }
    return names;
  }
}
