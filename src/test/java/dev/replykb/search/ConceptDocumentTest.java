package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A template's concepts are indexed once, in a document of its own after its variants: the concepts
 * more than a third of its variants mention, by part.
 */
class ConceptDocumentTest {
  @TempDir Path dir;

  @Test
  void aConceptOnlyOneVariantInThreeMentionsStaysOut() throws IOException {
    // Tracking in the tags of two variants of three, the courier in one.
    TestCatalogs.write(dir, "catalog.yaml", "source-locale: en\n");
    TestCatalogs.write(dir, "en/logistics/where.md", file("Where is it", "tracking number"));
    TestCatalogs.write(dir, "en-GB/logistics/where.md", file("Where is it", "tracking code"));
    TestCatalogs.write(dir, "en-AU/logistics/where.md", file("Where is it", "courier"));
    Catalog catalog = new CatalogLoader().load(dir);
    assertEquals(List.of(), catalog.problems());
    Template template = catalog.template(TemplateId.parse("logistics/where")).orElseThrow();
    List<Document> docs = documents(template);
    assertEquals(4, docs.size(), "three variants and the template");
    for (Document variant : docs.subList(0, 3)) {
      assertEquals(Set.of(), concepts(variant), "a variant's document has no concepts");
    }
    Document concepts = docs.getLast();
    // The greeting of every body is shared too; of the tags, only the tracking.
    assertTrue(concepts(concepts).contains("concept.body:greeting"), concepts(concepts).toString());
    assertEquals(
        Set.of("concept.tags:tracking"),
        concepts(concepts).stream()
            .filter(c -> c.startsWith("concept.tags:"))
            .collect(java.util.stream.Collectors.toSet()));
    assertEquals(ReplySchema.TEMPLATE_KIND, concepts.get(ReplySchema.KIND));
    assertEquals("logistics", concepts.get(ReplySchema.CATEGORY));
  }

  @Test
  void aConceptOfOneVariantOfOneCounts() throws IOException {
    TestCatalogs.write(dir, "catalog.yaml", "source-locale: en\n");
    TestCatalogs.write(dir, "en/logistics/who.md", file("Who brings it", "courier"));
    Catalog catalog = new CatalogLoader().load(dir);
    Template template = catalog.template(TemplateId.parse("logistics/who")).orElseThrow();
    Document concepts = documents(template).getLast();
    assertTrue(concepts(concepts).contains("concept.tags:courier"), concepts(concepts).toString());
  }

  private static String file(String title, String tag) {
    return "---\ntitle: " + title + "\ntags: [" + tag + "]\n---\nHello {customer}.\n";
  }

  private static List<Document> documents(Template template) throws IOException {
    Set<ULocale> locales = new TreeSet<>(java.util.Comparator.comparing(ULocale::toLanguageTag));
    locales.addAll(template.locales());
    locales.addAll(Glossary.locales());
    try (LanguageAnalyzers analyzers = new LanguageAnalyzers(locales)) {
      return new ReplySchema(analyzers, Set.of("en"), Glossary.bundled(analyzers))
          .documents(template, null);
    }
  }

  /** "concept.tags:tracking", ... */
  private static Set<String> concepts(Document doc) {
    Set<String> found = new TreeSet<>();
    for (IndexableField f : doc.getFields()) {
      if (f.name().startsWith(ReplySchema.CONCEPT + ".")) {
        found.add(f.name() + ":" + f.stringValue());
      }
    }
    return found;
  }
}
