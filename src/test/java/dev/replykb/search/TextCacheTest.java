package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.junit.jupiter.api.Test;

/**
 * A build reuses the analysis of a text it has seen (shops' copies repeat a template's texts), and
 * the documents it makes are the ones analysing every text would make: the same fields, in the same
 * order, with the same tokens (a body analysed paragraph by paragraph included). Checked on every
 * variant of the bundled catalog in all its languages, each indexed twice so that the second time
 * comes from the cache.
 */
class TextCacheTest {
  @Test
  void documentsFromReusedAnalysesAreTheDocumentsOfAFreshAnalysis() throws IOException {
    Catalog catalog = new CatalogLoader().load(TestCatalogs.bundled());
    Set<ULocale> locales = new TreeSet<>(java.util.Comparator.comparing(ULocale::toLanguageTag));
    Set<String> families = new TreeSet<>();
    for (Template t : catalog.templates()) {
      locales.addAll(t.locales());
      t.locales().forEach(l -> families.add(LanguageAnalyzers.familyOf(l)));
    }
    locales.addAll(Glossary.locales());
    try (LanguageAnalyzers analyzers = new LanguageAnalyzers(locales)) {
      ReplySchema schema = new ReplySchema(analyzers, families, Glossary.bundled(analyzers));
      ReplySchema.TextCache cache = new ReplySchema.TextCache();
      int variants = 0;
      for (int round = 0; round < 2; round++) {
        for (Template t : catalog.templates()) {
          for (Variant v : t.variants().values()) {
            assertEquals(
                fields(schema.document(v, null), schema.indexAnalyzer()),
                fields(schema.document(v, cache), schema.indexAnalyzer()),
                v.id() + "@" + v.localeTag());
            // The surface words go in as tokens now: those the index's analyzer makes of the text.
            List<String> surface = new ArrayList<>();
            for (String f : fields(schema.document(v, cache), schema.indexAnalyzer())) {
              if (f.startsWith(ReplySchema.SURFACE + ":")) {
                surface.add(f);
              }
            }
            // One field, the words of every text one after the other.
            StringBuilder analysed = new StringBuilder(ReplySchema.SURFACE).append(':');
            for (String text : ReplySchema.texts(v)) {
              try (TokenStream tokens =
                  schema.indexAnalyzer().tokenStream(ReplySchema.SURFACE, text)) {
                CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
                tokens.reset();
                while (tokens.incrementToken()) {
                  analysed.append(' ').append(term);
                }
                tokens.end();
              }
            }
            assertEquals(List.of(analysed.toString()), surface, v.id() + "@" + v.localeTag());
            variants++;
          }
          // The template's document of concepts, from the concepts of the cached analyses.
          List<Document> reused = schema.documents(t, cache);
          assertEquals(
              fields(schema.documents(t, null).getLast(), schema.indexAnalyzer()),
              fields(reused.getLast(), schema.indexAnalyzer()),
              t.id().toString());
          assertTrue(
              fields(reused.getLast(), schema.indexAnalyzer()).stream()
                  .anyMatch(f -> f.startsWith(ReplySchema.CONCEPT + ".")),
              t.id() + " names no concept");
        }
      }
      assertTrue(variants > 600, variants + " variants");
      // Bodies are analysed paragraph by paragraph: bodies of several, in all kinds of script.
      Set<String> severalParagraphs =
          catalog.templates().stream()
              .flatMap(t -> t.variants().values().stream())
              .filter(v -> ReplySchema.paragraphs(v.body().plainText()).size() > 1)
              .map(v -> LanguageAnalyzers.familyOf(v.locale()))
              .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
      assertTrue(
          severalParagraphs.containsAll(Set.of("en", "de", "ja", "zh")),
          "bodies of several paragraphs in " + severalParagraphs);
      // Half the documents were made a second time: at least that share of texts came from the
      // cache (more: the catalog's own variants repeat a few tags).
      assertTrue(cache.hitRate() >= 0.5, "reused " + cache.hitRate());
    }
  }

  @Test
  void aBodyIsSplitAtBlankLines() {
    assertEquals(
        List.of("Hello,", "your parcel left.", "Kind regards"),
        ReplySchema.paragraphs("Hello,\n\nyour parcel left.\n \t\nKind regards"));
    assertEquals(
        List.of("one line\nand the next"), ReplySchema.paragraphs("one line\nand the next"));
    assertEquals(List.of("end", ""), ReplySchema.paragraphs("end\n\n"));
    assertEquals(List.of(""), ReplySchema.paragraphs(""));
  }

  @Test
  void aTextSeenInAnotherPartOrLanguageIsAnalysedForIt() {
    ReplySchema.TextCache cache = new ReplySchema.TextCache();
    List<String> analysed = new ArrayList<>();
    for (String[] key :
        List.of(
            new String[] {"en", "tags", "refund"},
            new String[] {"en", "title", "refund"},
            new String[] {"de", "tags", "refund"},
            new String[] {"en", "tags", "refund"})) {
      cache.get(
          key[0],
          key[1],
          key[2],
          () -> {
            analysed.add(String.join("/", key));
            return new ReplySchema.Analysed(List.of(key[2]), List.of(), List.of(), null, List.of());
          });
    }
    assertEquals(List.of("en/tags/refund", "en/title/refund", "de/tags/refund"), analysed);
    assertEquals(0.25, cache.hitRate(), 1e-9);
  }

  /** Each field's name and its indexed tokens (or its value, for an untokenized one). */
  private static List<String> fields(Document doc, Analyzer analyzer) throws IOException {
    List<String> fields = new ArrayList<>();
    for (IndexableField f : doc.getFields()) {
      StringBuilder b = new StringBuilder(f.name()).append(':');
      if (f.fieldType().indexOptions() != org.apache.lucene.index.IndexOptions.NONE) {
        try (TokenStream tokens = f.tokenStream(analyzer, null)) {
          // The attribute the index reads a term from, whether given as characters or bytes.
          var term =
              tokens.getAttribute(
                  org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute.class);
          tokens.reset();
          while (tokens.incrementToken()) {
            b.append(' ').append(term.getBytesRef().utf8ToString());
          }
          tokens.end();
        }
      } else {
        b.append(" docvalue ")
            .append(f.binaryValue() == null ? "" : f.binaryValue().utf8ToString());
      }
      fields.add(b.toString());
    }
    return fields;
  }
}
