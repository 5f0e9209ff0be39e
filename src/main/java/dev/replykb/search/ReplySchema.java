package dev.replykb.search;

import com.ibm.icu.lang.UScript;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
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
 * <p>Three kinds of evidence, so that a query in any language, with or without typos, reaches the
 * variants of every locale:
 *
 * <ul>
 *   <li>words: each variant's text goes into fields of its language's analysis family ({@code
 *       title.de}, {@code body.zh}, ...), stemmed and folded the language's way; a query is
 *       analyzed once per family and searched in that family's fields;
 *   <li>concepts: the terminology base tags variants and queries with language-neutral concepts
 *       ({@code refund}, {@code customs}), which link a German query to a reply that exists only in
 *       English or Japanese;
 *   <li>surface forms: unstemmed, folded words of all text in one field, the dictionary that a
 *       misspelled query word is corrected against before the query is built (see {@code
 *       ReplySearch}).
 * </ul>
 *
 * <p>Thread-safe: analyzers keep their token streams per thread.
 */
final class ReplySchema {
  /** Bump when fields or analysis change: an index built under another version is rebuilt. */
  static final String VERSION = "11";

  /** Lucene's mark of the last document of each template's block, which keeps blocks whole. */
  static final String BLOCK = "_block";

  /** Not tokenized: exact id match, for grouping variants and replacing a template's documents. */
  static final String ID = "id";

  /** Not tokenized: the variant's locale tag, to know which variant a hit is. */
  static final String LOCALE = "locale";

  /** Not tokenized: exact category filter. */
  static final String CATEGORY = "category";

  /** Not tokenized: an exact shortcut such as /delay must rank its template first. */
  static final String SHORTCUT = "shortcut";

  /**
   * Concept ids of the terminology base, one value per mention, in one field per part of the
   * variant ({@code concept.title}, ...): language-neutral.
   */
  static final String CONCEPT = "concept";

  /**
   * A concept goes into the template's document for a part when more than a third of its variants
   * mention it there: what the reply says in several of its languages, not a word that one
   * translation's terminology happens to match. Measured on the development set: with every concept
   * any variant mentions, generic replies (an auto-reply names an order, a parcel and a question)
   * outrank the right one for queries whose reply exists only in another language (fallback Hit@1
   * 0.79 against 0.89); with half of the variants, concepts that only some languages' terminology
   * has are dropped and buyer messages lose (0.84 against 0.91).
   */
  static final int CONCEPT_SHARE_DIVISOR = 3;

  /** Not tokenized: {@link #TEMPLATE_KIND} on a template's document of concepts. */
  static final String KIND = "kind";

  static final String TEMPLATE_KIND = "template";

  /** Unstemmed, folded words of all text: the dictionary misspelled words are corrected against. */
  static final String SURFACE = "surface";

  /** Pinyin keys of Chinese titles and tags ({@link Pinyin}): whitespace-separated, exact. */
  static final String PINYIN = "pinyin";

  /** The words of each variant's language, as {@code <language>\u001f<folded word>}. */
  static final String LEXICON = "lexicon";

  static final char LEXICON_SEPARATOR = '\u001f';

  /** Pinyin is a strong signal when the agent typed it, and rarely spelled by chance. */
  static final float PINYIN_BOOST = 4f;

  static final String TITLE = "title";
  static final String TAGS = "tags";
  static final String EXAMPLES = "examples";
  static final String BODY = "body";

  /** The parts of a variant, each in fields of its own. */
  static final List<String> PARTS = List.of(TITLE, TAGS, EXAMPLES, BODY);

  /**
   * Title and tags are what the reply is about; examples are what buyers write; the body also
   * carries greetings and sign-offs, so it counts least.
   */
  private static final Map<String, Float> BOOSTS =
      Map.of(TITLE, 3.0f, TAGS, 2.5f, EXAMPLES, 1.5f, BODY, 1.0f);

  /**
   * A pasted buyer message is best compared with the buyer messages a reply answers (its examples);
   * its many words meet titles and tags by chance.
   */
  private static final Map<String, Float> MESSAGE_BOOSTS =
      Map.of(TITLE, 1.5f, TAGS, 1.5f, EXAMPLES, 3.0f, BODY, 1.0f);

  /** From this many words on, a query is read as a buyer's message rather than keywords. */
  static final int MESSAGE_WORDS = 6;

  /**
   * A buyer message's word that more than this share of a field's documents have is not asked of
   * that field: its weight is near nothing (BM25's idf of a word in 30% of the documents is a fifth
   * of a rare word's), and its postings are the longest a search reads. Measured on 2026-12-07: the
   * development and held-out sets' Hit@1 unchanged (0.959, 0.894), HINT3 within one message, the
   * development queries in the bench corpora 0.911 at 100k (unchanged) and 0.911 at 1M (from
   * 0.905); the search path 10-20% faster at 10k and 1M. From 0.2 two development messages were
   * lost.
   */
  static final double MESSAGE_COMMON_SHARE = 0.3;

  /** A shared concept is good evidence, but weaker than the same word in the same language. */
  static final float CONCEPT_BOOST = 1.0f;

  /**
   * Concepts that nearly every buyer message names (an order, a parcel, an item, a greeting) say
   * little about which reply fits; they count for this much of an intent concept such as {@code
   * refund} or {@code not-arrived}.
   */
  static final float GENERAL_CONCEPT_WEIGHT = 0.5f;

  /**
   * A language this much less plausible than the likeliest one does not lend its meanings to the
   * query's words.
   */
  static final double MIN_PLAUSIBILITY = 0.5;

  /**
   * A family this implausible for the query's words (a tenth of the likeliest language's
   * plausibility) is not searched with them at all; Chinese and Japanese, which no other language
   * writes, always are. Measured on the development and held-out sets: no answer changes, and the
   * query of a long message loses about half of its clauses.
   */
  static final double WORDS_MIN_PLAUSIBILITY = 0.1;

  /** Words shorter than this are never corrected: too many short words are a typo apart. */
  static final int FUZZY_MIN_LENGTH = 4;

  /** So that a shortcut outranks any text score. */
  private static final float SHORTCUT_BOOST = 1000f;

  private final LanguageAnalyzers analyzers;

  /** The families variants are indexed in; grows when a catalog gains a language. */
  private final Set<String> catalogFamilies = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Glossary glossary;
  private final Analyzer surfaceAnalyzer = new FallbackAnalyzer();
  private final Analyzer indexAnalyzer;

  /**
   * @param analyzers the analyzers of the catalog's languages and the terminology base's
   * @param catalogFamilies the families that variants are indexed in
   */
  ReplySchema(LanguageAnalyzers analyzers, Collection<String> catalogFamilies, Glossary glossary) {
    this.analyzers = analyzers;
    this.catalogFamilies.addAll(catalogFamilies);
    this.glossary = glossary;
    this.indexAnalyzer = new FieldAnalyzers();
  }

  /** Unstemmed, folded words of a text in any script (ICU segmentation): the surface field's. */
  List<String> surfaceWords(String text) {
    return tokens(surfaceAnalyzer, SURFACE, text);
  }

  /** The analyzer to index with: each text field with its family's analyzer. */
  Analyzer indexAnalyzer() {
    return indexAnalyzer;
  }

  /** Starts searching the fields of {@code family} too: the catalog gained a language. */
  void addCatalogFamily(String family) {
    catalogFamilies.add(family);
  }

  /**
   * Each field with its analyzer, decided by its name: {@code title.de} by the German family's,
   * {@code surface} by ICU's, {@code pinyin} split on spaces, the rest kept whole. Works for
   * families added after startup.
   */
  private final class FieldAnalyzers extends org.apache.lucene.analysis.DelegatingAnalyzerWrapper {
    private final Analyzer keyword = new KeywordAnalyzer();
    private final Analyzer whitespace = new org.apache.lucene.analysis.core.WhitespaceAnalyzer();

    FieldAnalyzers() {
      super(PER_FIELD_REUSE_STRATEGY);
    }

    @Override
    protected Analyzer getWrappedAnalyzer(String fieldName) {
      if (fieldName.equals(SURFACE)) {
        return surfaceAnalyzer;
      }
      if (fieldName.equals(PINYIN)) {
        return whitespace;
      }
      int dot = fieldName.indexOf('.');
      if (dot > 0 && PARTS.contains(fieldName.substring(0, dot))) {
        return analyzers.analyzer(fieldName.substring(dot + 1));
      }
      return keyword;
    }

    // No field keeps positions or offsets, so a field's gap between two of its texts changes
    // nothing in the index: none is looked up for every field of every document.
    @Override
    public int getPositionIncrementGap(String fieldName) {
      return 0;
    }

    @Override
    public int getOffsetGap(String fieldName) {
      return 1;
    }
  }

  Glossary glossary() {
    return glossary;
  }

  static String field(String name, String family) {
    return name + "." + family;
  }

  Document document(Variant variant) {
    return document(variant, null);
  }

  /**
   * As {@link #document(Variant)}, taking the analysis of a text {@code texts} has seen (or null):
   * shops' copies of a template repeat its tags, examples and often its body, and analysing a text
   * is most of the cost of indexing it. The document is the same either way.
   */
  Document document(Variant variant, TextCache texts) {
    return document(variant, texts, new LinkedHashMap<>());
  }

  /**
   * A template's documents: one per variant, with its words, and then one for the template, with
   * the concepts its variants mention (see {@link #conceptDocument}). Indexed as one block, in this
   * order, which a search relies on ({@code ReplyIndex.find}).
   */
  List<Document> documents(Template template, TextCache texts) {
    List<Document> docs = new ArrayList<>(template.variants().size() + 1);
    Map<String, Map<String, Integer>> concepts = new LinkedHashMap<>();
    for (Variant variant : template.variants().values()) {
      docs.add(document(variant, texts, concepts));
    }
    docs.add(conceptDocument(template, concepts));
    return docs;
  }

  /**
   * The template's document of concepts: each concept its variants mention (see {@link
   * #CONCEPT_SHARE_DIVISOR}), once per part ({@code concept.title}, ...), whatever the language
   * that mentions it. A concept is what all variants of a template share: indexed once per template
   * rather than once per variant, a query's concept clauses read one posting per template instead
   * of one per variant (at a million variants they were 98% of what a query read). Concept fields
   * have no lengths and no frequencies, so the document scores a concept as a variant mentioning it
   * did. It has every scored field of a variant, empty, so that lengths stay dense (see {@link
   * #document}).
   */
  private Document conceptDocument(Template template, Map<String, Map<String, Integer>> concepts) {
    int variants = template.variants().size();
    Document doc = new Document();
    String id = template.id().toString();
    doc.add(new StringField(ID, id, Field.Store.NO));
    doc.add(new SortedDocValuesField(ID, new BytesRef(id)));
    doc.add(new StringField(KIND, TEMPLATE_KIND, Field.Store.NO));
    doc.add(new StringField(CATEGORY, template.id().category(), Field.Store.NO));
    concepts.forEach(
        (part, counts) ->
            counts.forEach(
                (concept, count) -> {
                  if (count * CONCEPT_SHARE_DIVISOR > variants) {
                    doc.add(new StringField(field(CONCEPT, part), concept, Field.Store.NO));
                  }
                }));
    for (String f : catalogFamilies) {
      for (String part : PARTS) {
        doc.add(new Field(field(part, f), new TokenList(List.of()), WORDS));
      }
    }
    doc.add(new Field(SURFACE, new TokenList(List.of()), WORDS));
    if (catalogFamilies.contains("zh")) {
      doc.add(new Field(PINYIN, new TokenList(List.of()), WORDS));
    }
    return doc;
  }

  /**
   * @param concepts where the variant's concepts go, by part: into the template's document
   */
  private Document document(
      Variant variant, TextCache texts, Map<String, Map<String, Integer>> concepts) {
    Map<String, Set<String>> own = new LinkedHashMap<>();
    String family = LanguageAnalyzers.familyOf(variant.locale());
    Analyzer analyzer = analyzers.analyzer(family);
    Variant.Texts content = variant.texts(); // one read of the texts file for all four
    Map<String, List<String>> parts = new LinkedHashMap<>();
    parts.put(TITLE, List.of(content.title()));
    parts.put(TAGS, content.tags());
    parts.put(EXAMPLES, content.examples());
    parts.put(BODY, List.of(content.body().plainText()));
    // The analysis of each text, or of each paragraph of a body: what a field holds is their
    // tokens one after the other, so the pieces need not be joined.
    List<String> partOf = new ArrayList<>();
    List<Analysed> analysed = new ArrayList<>();
    for (Map.Entry<String, List<String>> part : parts.entrySet()) {
      for (String text : part.getValue()) {
        if (texts == null) {
          partOf.add(part.getKey());
          analysed.add(analyse(family, analyzer, part.getKey(), text));
          continue;
        }
        // A body is analysed paragraph by paragraph, each looked up in the cache: shops' copies
        // of a reply share its paragraphs and differ in one (a product line, a signature), and
        // no word, sentence or term runs across a blank line.
        for (String paragraph : part.getKey().equals(BODY) ? paragraphs(text) : List.of(text)) {
          partOf.add(part.getKey());
          analysed.add(
              texts.get(
                  family,
                  part.getKey(),
                  paragraph,
                  () -> analyse(family, analyzer, part.getKey(), paragraph)));
        }
      }
    }
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
    // The words of the variant's language, for telling languages apart (Lexicons): one term per
    // word, "de\u001fruecksendung", so that the lexicons can be read back from the terms alone.
    // A word met twice is the same term: the index keeps no frequencies for keys.
    List<Encoded> words = new ArrayList<>(analysed.size());
    for (Analysed a : analysed) {
      words.add(a.encodedWords());
    }
    String language = variant.locale().getLanguage();
    doc.add(new Field(LEXICON, new TokenList(lexiconPrefix(language), words), KEYS));
    // Text is served from the catalog, not from the index: nothing else is stored. The texts of a
    // part (each tag, each example) go into one field of the document, their tokens one after the
    // other, and the surface words of all of them into one: the index has no positions, so this
    // is the document that one field per text makes (frequencies and lengths are summed over a
    // field's texts either way) at a fraction of the fields to invert.
    Map<String, List<Encoded>> fields = new LinkedHashMap<>();
    for (int t = 0; t < analysed.size(); t++) {
      Analysed a = analysed.get(t);
      String part = partOf.get(t);
      fields.computeIfAbsent(field(part, family), k -> new ArrayList<>(2)).add(a.encodedTokens());
      fields
          .computeIfAbsent(SURFACE, k -> new ArrayList<>(analysed.size()))
          .add(a.encodedSurface());
      own.computeIfAbsent(part, k -> new TreeSet<>()).addAll(a.concepts());
      if (a.pinyin() != null) {
        fields.computeIfAbsent(PINYIN, k -> new ArrayList<>(2)).add(a.encodedPinyin());
      }
    }
    fields.forEach((name, pieces) -> doc.add(new Field(name, new TokenList(pieces), WORDS)));
    own.forEach(
        (part, names) -> {
          Map<String, Integer> counts = concepts.computeIfAbsent(part, k -> new TreeMap<>());
          names.forEach(name -> counts.merge(name, 1, Integer::sum));
        });
    // Every scored field in every document, empty where the variant has no such text: a field
    // that only some documents have keeps its lengths (norms) in a sparse structure that every
    // scored hit must search (a tenth of a search at 100k); an empty field makes them an array
    // lookup and changes no score (no term, and BM25's field statistics count documents with
    // terms).
    java.util.Set<String> present = new java.util.HashSet<>();
    for (int t = 0; t < analysed.size(); t++) {
      present.add(partOf.get(t));
      if (analysed.get(t).pinyin() != null) {
        present.add(PINYIN);
      }
    }
    for (String f : catalogFamilies) {
      for (String part : PARTS) {
        if (!f.equals(family) || !present.contains(part)) {
          doc.add(new Field(field(part, f), new TokenList(List.of()), WORDS));
        }
      }
    }
    if (catalogFamilies.contains("zh") && !present.contains(PINYIN)) {
      doc.add(new Field(PINYIN, new TokenList(List.of()), WORDS));
    }
    return doc;
  }

  /**
   * What one text of a variant makes in the index: its words in its language's analysis (analysed
   * once: the same tokens are indexed and looked up in the terminology base), its surface words,
   * concepts and pinyin keys (Chinese titles and tags; null otherwise), and its words for the
   * language lexicons. The tokens, surface words, pinyin keys and words are kept in UTF-8 too, as
   * the index takes them: a text analysed once is indexed in every shop's copy of it.
   */
  record Analysed(
      List<String> tokens,
      List<String> surface,
      List<String> concepts,
      List<String> pinyin,
      List<String> words,
      Encoded encodedTokens,
      Encoded encodedSurface,
      Encoded encodedPinyin,
      Encoded encodedWords) {
    Analysed(
        List<String> tokens,
        List<String> surface,
        List<String> concepts,
        List<String> pinyin,
        List<String> words) {
      this(
          tokens,
          surface,
          concepts,
          pinyin,
          words,
          Encoded.of(tokens),
          Encoded.of(surface),
          pinyin == null ? null : Encoded.of(pinyin),
          Encoded.of(words));
    }
  }

  /** Terms in UTF-8, one after the other: {@code ends[i]} is where term {@code i} ends. */
  record Encoded(byte[] bytes, int[] ends) {
    private static final Encoded EMPTY = new Encoded(new byte[0], new int[0]);

    /** {@code terms} in UTF-8 as the index encodes a term's characters. */
    static Encoded of(List<String> terms) {
      if (terms.isEmpty()) {
        return EMPTY;
      }
      org.apache.lucene.util.BytesRefBuilder term = new org.apache.lucene.util.BytesRefBuilder();
      org.apache.lucene.util.BytesRefBuilder all = new org.apache.lucene.util.BytesRefBuilder();
      int[] ends = new int[terms.size()];
      for (int i = 0; i < ends.length; i++) {
        term.copyChars(terms.get(i));
        all.append(term);
        ends[i] = all.length();
      }
      return new Encoded(java.util.Arrays.copyOf(all.bytes(), all.length()), ends);
    }

    int size() {
      return ends.length;
    }
  }

  /** The lexicon's prefix of a language's words, in UTF-8: "de\u001f". */
  private static byte[] lexiconPrefix(String language) {
    return LEXICON_PREFIXES.computeIfAbsent(
        language, l -> (l + LEXICON_SEPARATOR).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static final java.util.concurrent.ConcurrentHashMap<String, byte[]> LEXICON_PREFIXES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A text's paragraphs: its parts between blank lines, the blank lines left out. */
  static List<String> paragraphs(String text) {
    List<String> paragraphs = new ArrayList<>();
    int start = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      int next = i + 1;
      while (next < text.length() && (text.charAt(next) == ' ' || text.charAt(next) == '\t')) {
        next++;
      }
      if (next < text.length() && text.charAt(next) == '\n') {
        paragraphs.add(text.substring(start, i));
        start = next + 1;
        i = next;
      }
    }
    paragraphs.add(text.substring(start));
    return paragraphs;
  }

  private Analysed analyse(String family, Analyzer analyzer, String part, String text) {
    List<String> tokens = tokens(analyzer, part, text);
    List<String> pinyin = null;
    if (family.equals("zh") && (part.equals(TITLE) || part.equals(TAGS))) {
      pinyin = new ArrayList<>();
      for (String key : Pinyin.keys(tokens)) {
        pinyin.addAll(List.of(key.split(" ")));
      }
    }
    return new Analysed(
        tokens,
        allTokens(surfaceAnalyzer, SURFACE, text),
        List.copyOf(glossary.concepts(family, tokens)),
        pinyin,
        List.copyOf(dev.replykb.locale.LanguageDetector.words(text)));
  }

  /**
   * The analyses of the texts seen last, for a build: a fixed number of slots, each holding the
   * last text whose hash falls in it, so its memory is bounded and nothing is locked (a slot is
   * replaced whole; two threads analysing the same text at once is only work done twice). Shops'
   * copies of a template are neighbours in the catalog's order, so their texts meet here.
   */
  static final class TextCache {
    private static final int SLOTS = 4096;

    private record Entry(String family, String part, String text, Analysed analysed) {}

    private final java.util.concurrent.atomic.AtomicReferenceArray<Entry> slots =
        new java.util.concurrent.atomic.AtomicReferenceArray<>(SLOTS);
    private final java.util.concurrent.atomic.LongAdder hits =
        new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder misses =
        new java.util.concurrent.atomic.LongAdder();

    Analysed get(
        String family, String part, String text, java.util.function.Supplier<Analysed> analyse) {
      int hash = (text.hashCode() * 31 + part.hashCode()) * 31 + family.hashCode();
      int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
      Entry e = slots.get(slot);
      if (e != null && e.text.equals(text) && e.part.equals(part) && e.family.equals(family)) {
        hits.increment();
        return e.analysed;
      }
      misses.increment();
      Analysed analysed = analyse.get();
      slots.set(slot, new Entry(family, part, text, analysed));
      return analysed;
    }

    /** The share of texts whose analysis was reused. */
    double hitRate() {
      long h = hits.sum();
      long total = h + misses.sum();
      return total == 0 ? 0 : (double) h / total;
    }
  }

  /** The texts of a variant that its words come from. */
  static List<String> texts(Variant variant) {
    List<String> texts = new ArrayList<>();
    texts.add(variant.title());
    texts.addAll(variant.tags());
    texts.addAll(variant.examples());
    texts.add(variant.body().plainText());
    return texts;
  }

  /** Keys looked up, never scored: documents only, no norms. */
  private static final FieldType KEYS = keys();

  private static FieldType keys() {
    FieldType type = new FieldType();
    type.setTokenized(true);
    type.setIndexOptions(IndexOptions.DOCS);
    type.setOmitNorms(true);
    type.freeze();
    return type;
  }

  /**
   * Words indexed for BM25 only: frequencies and norms, no positions (no query here is a phrase),
   * which keeps the index smaller and quicker to build.
   */
  private static final FieldType WORDS = words();

  private static FieldType words() {
    FieldType type = new FieldType();
    type.setTokenized(true);
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    type.freeze();
    return type;
  }

  /**
   * The attributes of this thread's token lists. A document of a variant has some fifty fields,
   * most of them empty; a stream with attributes of its own cost the index its attribute maps and
   * instances for each, a tenth of a build's indexing. Terms are given as bytes: the index takes
   * them as they are, where characters are encoded again for every token of every document.
   */
  private static final ThreadLocal<Attributes> ATTRIBUTES =
      ThreadLocal.withInitial(Attributes::new);

  private static final class Attributes {
    final org.apache.lucene.util.AttributeSource source =
        new org.apache.lucene.util.AttributeSource(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY);
    // Added first, it is the attribute the index reads terms from.
    final org.apache.lucene.analysis.tokenattributes.BytesTermAttribute term =
        source.addAttribute(org.apache.lucene.analysis.tokenattributes.BytesTermAttribute.class);
    final BytesRef ref = new BytesRef();
    final org.apache.lucene.util.BytesRefBuilder prefixed =
        new org.apache.lucene.util.BytesRefBuilder();
  }

  /**
   * Terms already analysed, handed to the index as they are: one piece after the other, each term
   * after {@code prefix}. Its attributes are its thread's ({@link #ATTRIBUTES}): it is read on the
   * thread that made it, one stream at a time, as the index writer reads a document's fields. They
   * are cleared once, when the stream starts: the writer only reads them, and a term sets its
   * bytes.
   */
  private static final class TokenList extends TokenStream {
    private static final byte[] NO_PREFIX = new byte[0];
    private final Attributes attributes;
    private final byte[] prefix;
    private final List<Encoded> pieces;
    private int piece;
    private int next;
    private int start;

    TokenList(List<Encoded> pieces) {
      this(ATTRIBUTES.get(), NO_PREFIX, pieces);
    }

    TokenList(byte[] prefix, List<Encoded> pieces) {
      this(ATTRIBUTES.get(), prefix, pieces);
    }

    private TokenList(Attributes attributes, byte[] prefix, List<Encoded> pieces) {
      super(attributes.source);
      this.attributes = attributes;
      this.prefix = prefix;
      this.pieces = pieces;
    }

    @Override
    public boolean incrementToken() {
      while (piece < pieces.size() && next == pieces.get(piece).size()) {
        piece++;
        next = 0;
        start = 0;
      }
      if (piece == pieces.size()) {
        return false;
      }
      Encoded terms = pieces.get(piece);
      int end = terms.ends()[next++];
      if (prefix.length == 0) {
        BytesRef ref = attributes.ref;
        ref.bytes = terms.bytes();
        ref.offset = start;
        ref.length = end - start;
        attributes.term.setBytesRef(ref);
      } else {
        org.apache.lucene.util.BytesRefBuilder prefixed = attributes.prefixed;
        prefixed.copyBytes(prefix, 0, prefix.length);
        prefixed.append(terms.bytes(), start, end - start);
        attributes.term.setBytesRef(prefixed.get());
      }
      start = end;
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      clearAttributes(); // the previous stream's end() left its final state
      piece = 0;
      next = 0;
      start = 0;
    }
  }

  static Term idTerm(TemplateId id) {
    return new Term(ID, id.toString());
  }

  /**
   * The queries for a text and what analysis found in it, for judging how sure an answer is.
   *
   * @param words the query of the variants' words (and shortcuts, pinyin), or null when the text
   *     has none the catalog's languages search
   * @param meaning the query of the templates' concepts, or null when the text names none
   * @param concepts the terminology concepts the text mentions
   * @param wordCount the number of words of the text
   */
  record Plan(Query words, Query meaning, Set<String> concepts, int wordCount) {
    /** Both queries as one, for what a search reads. */
    Query both() {
      BooleanQuery.Builder query = new BooleanQuery.Builder();
      if (words != null) {
        query.add(words, Occur.SHOULD);
      }
      if (meaning != null) {
        query.add(meaning, Occur.SHOULD);
      }
      return query.build();
    }
  }

  /**
   * @param unknownShare the share of the text's words that no language's lexicon knows: how likely
   *     its Latin letters are pinyin
   */
  Plan plan(String text, String category, Map<String, Double> plausibility, double unknownShare) {
    return plan(text, category, plausibility, unknownShare, surfaceWords(text));
  }

  /**
   * As {@link #plan(String, String, Map, double)}, with the text's {@code surfaceWords} already
   * known (a search has segmented its query for typos before it plans).
   */
  Plan plan(
      String text,
      String category,
      Map<String, Double> plausibility,
      double unknownShare,
      List<String> surfaceWords) {
    int wordCount = surfaceWords.size();
    Map<String, Float> boosts = wordCount >= MESSAGE_WORDS ? MESSAGE_BOOSTS : BOOSTS;
    BooleanQuery.Builder evidence = new BooleanQuery.Builder();
    int clauses = 0;
    Set<String> concepts = new TreeSet<>();
    Map<String, Double> familyWeights = familyWeights(plausibility);
    QueryScripts.Writing writing = QueryScripts.of(text);
    for (String family : analyzers.families()) {
      if (!writing.readIn(family)) {
        continue;
      }
      String words = writing.keptFor(family);
      double weight = familyWeights.getOrDefault(family, 1.0);
      boolean lendsConcepts = weight >= MIN_PLAUSIBILITY;
      // A language of the terminology base only has no fields of its own; and a Spanish message
      // is not searched as Dutch words too: fewer terms to look up and score.
      boolean searched = catalogFamilies.contains(family) && weight >= WORDS_MIN_PLAUSIBILITY;
      if (!lendsConcepts && !searched) {
        continue; // nothing would use this family's analysis: skip it
      }
      // Analyze once per family, then ask every field of the family for the same terms.
      List<String> tokens = tokens(analyzers.analyzer(family), field(BODY, family), words);
      if (lendsConcepts) {
        concepts.addAll(glossary.concepts(family, tokens));
      }
      if (!searched) {
        continue;
      }
      for (String term : new LinkedHashSet<>(tokens)) {
        for (Map.Entry<String, Float> field : boosts.entrySet()) {
          Term t = new Term(field(field.getKey(), family), term);
          evidence.add(new BoostQuery(new TermQuery(t), field.getValue()), Occur.SHOULD);
          clauses++;
        }
      }
    }
    // Concepts are asked of the templates' documents, apart from the words of the variants'.
    BooleanQuery.Builder meanings = new BooleanQuery.Builder();
    for (String concept : concepts) {
      float weight =
          CONCEPT_BOOST * (Glossary.GENERAL.contains(concept) ? GENERAL_CONCEPT_WEIGHT : 1f);
      // Concepts are weighed by where a variant mentions them, as words are.
      for (Map.Entry<String, Float> field : boosts.entrySet()) {
        Term t = new Term(field(CONCEPT, field.getKey()), concept);
        meanings.add(new BoostQuery(new TermQuery(t), weight * field.getValue()), Occur.SHOULD);
      }
    }
    if (unknownShare > 0) {
      List<String> latin = new ArrayList<>();
      for (String word : surfaceWords) {
        if (word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
          latin.add(word);
        }
      }
      // wu liu yan chi, wuliu yanchi, wuliuyanchi and wlyc all meet the keys of 物流延迟; a run
      // ends at a word that is neither syllables nor initials.
      Set<String> keys = new LinkedHashSet<>();
      for (int start = 0; start < latin.size(); start++) {
        StringBuilder run = new StringBuilder();
        for (int end = start;
            end < latin.size()
                && end < start + 2 * Pinyin.LONGEST_RUN
                && Pinyin.couldBeKey(latin.get(end));
            end++) {
          run.append(latin.get(end));
          if (run.length() >= 2) {
            keys.add(run.toString());
          }
        }
      }
      for (String key : keys) {
        evidence.add(
            new BoostQuery(
                new TermQuery(new Term(PINYIN, key)), (float) (PINYIN_BOOST * unknownShare)),
            Occur.SHOULD);
        clauses++;
      }
    }
    String stripped = text.strip().toLowerCase(Locale.ROOT);
    boolean shortcut = stripped.startsWith("/") && stripped.indexOf(' ') < 0;
    if (clauses == 0 && !shortcut && concepts.isEmpty()) {
      return null;
    }
    // A Boolean query of one optional clause and no filter is that clause (Lucene rewrites it so):
    // built as the clause, its hundreds of term clauses are not hashed again for the wrapper.
    Query words = null;
    if (clauses > 0 && !shortcut && category == null) {
      words = evidence.build();
    } else if (clauses > 0 || shortcut) {
      BooleanQuery.Builder query = new BooleanQuery.Builder();
      if (clauses > 0) {
        query.add(evidence.build(), Occur.SHOULD);
      }
      if (shortcut) {
        query.add(
            new BoostQuery(new TermQuery(new Term(SHORTCUT, stripped)), SHORTCUT_BOOST),
            Occur.SHOULD);
      }
      words = filtered(query, category);
    }
    Query meaning = null;
    if (!concepts.isEmpty() && category == null) {
      meaning = meanings.build();
    } else if (!concepts.isEmpty()) {
      BooleanQuery.Builder query = new BooleanQuery.Builder();
      query.add(meanings.build(), Occur.SHOULD);
      meaning = filtered(query, category);
    }
    return new Plan(words, meaning, concepts, wordCount);
  }

  private static Query filtered(BooleanQuery.Builder query, String category) {
    if (category != null) {
      query.add(new TermQuery(new Term(CATEGORY, category)), Occur.FILTER);
      // With a filter clause, SHOULD clauses become optional: every template of the category
      // would match with score 0. A reply must match the words, the shortcut or the concepts.
      query.setMinimumNumberShouldMatch(1);
    }
    return query.build();
  }

  /**
   * How plausible each analysis family is for the query: the best plausibility of its languages;
   * families of languages whose script no other language shares (Chinese, Japanese, ...) are not in
   * the map, and count as plausible.
   */
  private static Map<String, Double> familyWeights(Map<String, Double> plausibility) {
    Map<String, Double> weights = new HashMap<>();
    plausibility.forEach((code, weight) -> weights.merge(familyOfCode(code), weight, Math::max));
    return weights;
  }

  /** The family of each language the detector names: a few dozen codes, each parsed once. */
  private static final java.util.concurrent.ConcurrentHashMap<String, String> FAMILY_OF_CODE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static String familyOfCode(String code) {
    String family = FAMILY_OF_CODE.get(code);
    if (family == null) {
      family = LanguageAnalyzers.familyOf(new com.ibm.icu.util.ULocale(code));
      if (FAMILY_OF_CODE.size() < 1_000) { // the detector's languages; bounded all the same
        FAMILY_OF_CODE.put(code, family);
      }
    }
    return family;
  }

  /** The concepts each family's analysis of {@code text} finds, for explanations. */
  Map<String, List<String>> conceptsByFamily(String text) {
    Map<String, List<String>> found = new java.util.TreeMap<>();
    QueryScripts.Writing writing = QueryScripts.of(text);
    for (String family : analyzers.families()) {
      if (writing.readIn(family)) {
        String words = writing.keptFor(family);
        List<String> tokens = tokens(analyzers.analyzer(family), field(BODY, family), words);
        List<String> concepts = glossary.concepts(family, tokens);
        if (!concepts.isEmpty()) {
          found.put(family, concepts);
        }
      }
    }
    return found;
  }

  /** True for words of alphabetic scripts, where a typo is one letter off. */
  static boolean isAlphabetic(String word) {
    int script = UScript.getScript(word.codePointAt(0));
    return script == UScript.LATIN || script == UScript.CYRILLIC || script == UScript.GREEK;
  }

  /** The tokens {@code analyzer} makes of {@code text}, in order, repeats kept. */
  static List<String> tokens(Analyzer analyzer, String field, String text) {
    return tokens(analyzer, field, text, false);
  }

  /** Every term {@code analyzer} makes of {@code text}, empty ones too: what indexing it makes. */
  static List<String> allTokens(Analyzer analyzer, String field, String text) {
    return tokens(analyzer, field, text, true);
  }

  private static List<String> tokens(Analyzer analyzer, String field, String text, boolean empty) {
    List<String> tokens = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        if (empty || term.length() > 0) {
          tokens.add(term.toString());
        }
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analyzing a string cannot fail", e);
    }
    return tokens;
  }

  /** The distinct terms {@code analyzer} makes of {@code text}, in order of first appearance. */
  static Set<String> terms(Analyzer analyzer, String field, String text) {
    return new LinkedHashSet<>(tokens(analyzer, field, text));
  }
}
