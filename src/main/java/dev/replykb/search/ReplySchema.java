package dev.replykb.search;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The index's fields: how a variant becomes a document and how an agent's text becomes a query.
 *
 * <p>Each variant's text goes into fields of its language's analysis family ({@code title.de},
 * {@code body.zh}, ...). A query is analyzed once per family and searched in that family's fields,
 * so a query in any language reaches the variants of every locale: 物流延迟 finds the zh-Hans variant,
 * and the result is then served in whatever locale the buyer needs.
 *
 * <p>Thread-safe: analyzers keep their token streams per thread.
 */
final class ReplySchema {
  /** Bump when fields or analysis change: an index built under another version is rebuilt. */
  static final String VERSION = "2";

  /** Not tokenized: exact id match, for grouping variants and replacing a template's documents. */
  static final String ID = "id";

  /** Not tokenized: the variant's locale tag, to know which variant a hit is. */
  static final String LOCALE = "locale";

  /** Not tokenized: exact category filter. */
  static final String CATEGORY = "category";

  /** Not tokenized: an exact shortcut such as /delay must rank its template first. */
  static final String SHORTCUT = "shortcut";

  static final String TITLE = "title";
  static final String TAGS = "tags";
  static final String EXAMPLES = "examples";
  static final String BODY = "body";

  /**
   * Title and tags are what the reply is about; examples are what buyers write; the body also
   * carries greetings and sign-offs, so it counts least.
   */
  private static final Map<String, Float> BOOSTS =
      Map.of(TITLE, 3.0f, TAGS, 2.5f, EXAMPLES, 1.5f, BODY, 1.0f);

  /** So that a shortcut outranks any text score. */
  private static final float SHORTCUT_BOOST = 1000f;

  private final LanguageAnalyzers analyzers;
  private final Analyzer indexAnalyzer;

  ReplySchema(LanguageAnalyzers analyzers) {
    this.analyzers = analyzers;
    Map<String, Analyzer> perField = new HashMap<>();
    for (String family : analyzers.families()) {
      Analyzer analyzer = analyzers.analyzer(family);
      for (String field : BOOSTS.keySet()) {
        perField.put(field(field, family), analyzer);
      }
    }
    this.indexAnalyzer = new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), perField);
  }

  /** The analyzer to index with: each text field with its family's analyzer. */
  Analyzer indexAnalyzer() {
    return indexAnalyzer;
  }

  static String field(String name, String family) {
    return name + "." + family;
  }

  Document document(Variant variant) {
    String family = LanguageAnalyzers.familyOf(variant.locale());
    Document doc = new Document();
    doc.add(new StringField(ID, variant.id().toString(), Field.Store.NO));
    // Doc values, not stored fields: a search reads the id and locale of a hundred hits, and
    // column-wise doc values cost a fraction of decompressing stored documents.
    doc.add(new SortedDocValuesField(ID, new BytesRef(variant.id().toString())));
    doc.add(new StringField(LOCALE, variant.localeTag(), Field.Store.NO));
    doc.add(new SortedDocValuesField(LOCALE, new BytesRef(variant.localeTag())));
    doc.add(new StringField(CATEGORY, variant.id().category(), Field.Store.NO));
    if (variant.shortcut() != null) {
      doc.add(new StringField(SHORTCUT, variant.shortcut(), Field.Store.NO));
    }
    // Text is served from the catalog, not from the index: nothing else is stored.
    doc.add(new TextField(field(TITLE, family), variant.title(), Field.Store.NO));
    for (String tag : variant.tags()) {
      doc.add(new TextField(field(TAGS, family), tag, Field.Store.NO));
    }
    for (String example : variant.examples()) {
      doc.add(new TextField(field(EXAMPLES, family), example, Field.Store.NO));
    }
    doc.add(new TextField(field(BODY, family), variant.body().plainText(), Field.Store.NO));
    return doc;
  }

  static Term idTerm(TemplateId id) {
    return new Term(ID, id.toString());
  }

  /**
   * The query for an agent's text, treated as words (never as query syntax): in every family's
   * fields, plus an exact shortcut match; {@code category} (or null) filters.
   *
   * @return null when the text has no searchable word in any language
   */
  Query query(String text, String category) {
    BooleanQuery.Builder anyLanguage = new BooleanQuery.Builder();
    int clauses = 0;
    for (String family : analyzers.families()) {
      String words = QueryScripts.keepScriptsOf(family, text);
      if (!QueryScripts.hasWordsFor(family, words)) {
        continue;
      }
      // Analyze once per family, then ask every field of the family for the same terms.
      for (String term : terms(analyzers.analyzer(family), field(BODY, family), words)) {
        for (Map.Entry<String, Float> field : BOOSTS.entrySet()) {
          Term t = new Term(field(field.getKey(), family), term);
          anyLanguage.add(new BoostQuery(new TermQuery(t), field.getValue()), Occur.SHOULD);
          clauses++;
        }
      }
    }
    String stripped = text.strip().toLowerCase(Locale.ROOT);
    boolean shortcut = stripped.startsWith("/") && stripped.indexOf(' ') < 0;
    if (clauses == 0 && !shortcut) {
      return null;
    }
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    if (clauses > 0) {
      query.add(anyLanguage.build(), Occur.SHOULD);
    }
    if (shortcut) {
      query.add(
          new BoostQuery(new TermQuery(new Term(SHORTCUT, stripped)), SHORTCUT_BOOST),
          Occur.SHOULD);
    }
    if (category != null) {
      query.add(new TermQuery(new Term(CATEGORY, category)), Occur.FILTER);
      // With a filter clause, SHOULD clauses become optional: every template of the category
      // would match with score 0. A reply must match the words or the shortcut.
      query.setMinimumNumberShouldMatch(1);
    }
    return query.build();
  }

  /** The distinct terms {@code analyzer} makes of {@code text}, in order of first appearance. */
  static Set<String> terms(Analyzer analyzer, String field, String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream stream = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        if (term.length() > 0) {
          terms.add(term.toString());
        }
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analyzing a string cannot fail", e);
    }
    return terms;
  }

  /** The analysis families of the given locales, for callers that need to know them. */
  static Collection<String> familiesOf(Collection<ULocale> locales) {
    return locales.stream().map(LanguageAnalyzers::familyOf).distinct().sorted().toList();
  }
}
