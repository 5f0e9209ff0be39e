package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.util.ULocale;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.LanguageDetector;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.SmallFloat;
import org.junit.jupiter.api.Test;

/**
 * What the index holds of a variant's texts: a field takes all the texts of its part (every tag,
 * every example) and the surface field those of every part, so each term's frequency in a document
 * is its count over those texts, the field's length their total, and the lexicon holds each word of
 * the variant's language once. Read back from an index of every variant of the bundled catalog.
 */
class DocumentFieldsTest {
  @Test
  void aFieldOfSeveralTextsCountsTheTermsAndLengthOfAllOfThem() throws IOException {
    Catalog catalog = new CatalogLoader().load(TestCatalogs.bundled());
    Set<ULocale> locales = new TreeSet<>(java.util.Comparator.comparing(ULocale::toLanguageTag));
    Set<String> families = new TreeSet<>();
    for (Template t : catalog.templates()) {
      locales.addAll(t.locales());
      t.locales().forEach(l -> families.add(LanguageAnalyzers.familyOf(l)));
    }
    locales.addAll(Glossary.locales());
    try (LanguageAnalyzers analyzers = new LanguageAnalyzers(locales);
        ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
      ReplySchema schema = new ReplySchema(analyzers, families, Glossary.bundled(analyzers));
      ReplySchema.TextCache cache = new ReplySchema.TextCache();
      try (IndexWriter writer =
          new IndexWriter(directory, new IndexWriterConfig(schema.indexAnalyzer()))) {
        for (Template t : catalog.templates()) {
          writer.addDocuments(schema.documents(t, cache));
        }
      }
      int checked = 0;
      int severalTexts = 0;
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        for (LeafReaderContext leaf : reader.leaves()) {
          LeafReader r = leaf.reader();
          SortedDocValues ids = r.getSortedDocValues(ReplySchema.ID);
          SortedDocValues localeTags = r.getSortedDocValues(ReplySchema.LOCALE);
          for (int doc = 0; doc < r.maxDoc(); doc++) {
            if (!localeTags.advanceExact(doc)) {
              continue; // a template's document of concepts
            }
            assertTrue(ids.advanceExact(doc));
            String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
            String tag = localeTags.lookupOrd(localeTags.ordValue()).utf8ToString();
            Variant v =
                catalog
                    .template(dev.replykb.catalog.TemplateId.parse(id))
                    .orElseThrow()
                    .variants()
                    .values()
                    .stream()
                    .filter(candidate -> candidate.localeTag().equals(tag))
                    .findFirst()
                    .orElseThrow();
            String family = LanguageAnalyzers.familyOf(v.locale());
            String where = id + "@" + tag;

            Map<String, Integer> surface = new TreeMap<>();
            int surfaceLength = 0;
            for (String text : ReplySchema.texts(v)) {
              surfaceLength += count(schema, ReplySchema.SURFACE, text, surface);
            }
            assertEquals(surface, frequencies(r, ReplySchema.SURFACE, doc), where);
            assertEquals(norm(surfaceLength), norm(r, ReplySchema.SURFACE, doc), where);

            String tags = ReplySchema.field(ReplySchema.TAGS, family);
            Map<String, Integer> tagTerms = new TreeMap<>();
            int tagsLength = 0;
            for (String text : v.tags()) {
              for (String token : ReplySchema.tokens(analyzers.analyzer(family), tags, text)) {
                tagTerms.merge(token, 1, Integer::sum);
                tagsLength++;
              }
            }
            assertEquals(tagTerms, frequencies(r, tags, doc), where);
            assertEquals(norm(tagsLength), norm(r, tags, doc), where);
            if (v.tags().size() > 1) {
              severalTexts++;
            }

            Set<String> lexicon = new TreeSet<>();
            for (String text : ReplySchema.texts(v)) {
              for (String word : LanguageDetector.words(text)) {
                lexicon.add(v.locale().getLanguage() + ReplySchema.LEXICON_SEPARATOR + word);
              }
            }
            Map<String, Integer> once = new TreeMap<>();
            lexicon.forEach(term -> once.put(term, 1));
            assertEquals(once, frequencies(r, ReplySchema.LEXICON, doc), where);
            checked++;
          }
        }
      }
      assertEquals(catalog.variantCount(), checked);
      assertTrue(severalTexts > 100, severalTexts + " variants of several tags");
    }
  }

  /** Adds the surface tokens of {@code text} to {@code counts}; returns how many there were. */
  private static int count(
      ReplySchema schema, String field, String text, Map<String, Integer> counts)
      throws IOException {
    int n = 0;
    try (TokenStream tokens = schema.indexAnalyzer().tokenStream(field, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        counts.merge(term.toString(), 1, Integer::sum);
        n++;
      }
      tokens.end();
    }
    return n;
  }

  /** Each term of {@code field} in document {@code doc}, with its frequency there. */
  private static Map<String, Integer> frequencies(LeafReader r, String field, int doc)
      throws IOException {
    Map<String, Integer> found = new TreeMap<>();
    Terms terms = r.terms(field);
    if (terms == null) {
      return found;
    }
    TermsEnum e = terms.iterator();
    PostingsEnum postings = null;
    for (BytesRef term = e.next(); term != null; term = e.next()) {
      postings = e.postings(postings, PostingsEnum.FREQS);
      if (postings.advance(doc) == doc && doc != DocIdSetIterator.NO_MORE_DOCS) {
        found.put(term.utf8ToString(), postings.freq());
      }
    }
    return found;
  }

  /** BM25's norm of a field of {@code length} tokens (0 for an empty one). */
  private static long norm(int length) {
    return length == 0 ? 0 : SmallFloat.intToByte4(length);
  }

  private static long norm(LeafReader r, String field, int doc) throws IOException {
    NumericDocValues norms = r.getNormValues(field);
    assertTrue(norms != null && norms.advanceExact(doc), field + " has a length in " + doc);
    return norms.longValue();
  }
}
