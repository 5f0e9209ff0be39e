package dev.replykb.eval;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.LocalePreferences;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * The plain Lucene baseline: every variant's title, tags, examples and body in one field with
 * {@link StandardAnalyzer}, BM25, no per-language analysis, no boosts; grouped by template.
 */
public final class StandardBaseline implements Ranker {
  private static final String ID = "id";
  private static final String TEXT = "text";

  private final StandardAnalyzer analyzer = new StandardAnalyzer();
  private final IndexSearcher searcher;

  public StandardBaseline(Catalog catalog) throws IOException {
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
      for (Template template : catalog.templates()) {
        for (Variant v : template.variants().values()) {
          Document doc = new Document();
          doc.add(new StringField(ID, v.id().toString(), Field.Store.YES));
          String text =
              String.join(
                  "\n",
                  v.title(),
                  String.join("\n", v.tags()),
                  String.join("\n", v.examples()),
                  v.body().plainText());
          doc.add(new TextField(TEXT, text, Field.Store.NO));
          writer.addDocument(doc);
        }
      }
    }
    this.searcher = new IndexSearcher(DirectoryReader.open(directory));
  }

  @Override
  public String name() {
    return "lucene-standard";
  }

  @Override
  public List<String> rank(String query, LocalePreferences preferences, int limit)
      throws IOException {
    Query q = new QueryBuilder(analyzer).createBooleanQuery(TEXT, query);
    if (q == null) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    for (ScoreDoc sd : searcher.search(q, 1000).scoreDocs) {
      ids.add(searcher.storedFields().document(sd.doc).get(ID));
      if (ids.size() == limit) {
        break;
      }
    }
    return new ArrayList<>(ids);
  }
}
