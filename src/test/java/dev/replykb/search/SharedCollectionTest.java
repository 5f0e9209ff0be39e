package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

/**
 * A large collection shared with the spare thread (ReplyIndex.top, range by range) keeps what one
 * thread would: the same documents, scores and order, equal scores in document order, across
 * several segments and deleted documents.
 */
class SharedCollectionTest {
  private static final String[] WORDS = {"parcel", "late", "refund", "return", "thanks", "lost"};

  @Test
  void aSharedCollectionFindsWhatOneThreadFinds() throws IOException {
    try (Directory directory = new ByteBuffersDirectory()) {
      Random random = new Random(7);
      IndexWriterConfig config =
          new IndexWriterConfig(new WhitespaceAnalyzer())
              .setMergePolicy(org.apache.lucene.index.NoMergePolicy.INSTANCE);
      try (IndexWriter writer = new IndexWriter(directory, config)) {
        for (int segment = 0; segment < 3; segment++) {
          for (int i = 0; i < 700; i++) {
            // Few distinct texts: many documents score exactly alike, as shops' copies do.
            StringBuilder text = new StringBuilder();
            for (int w = 0, words = 1 + random.nextInt(4); w < words; w++) {
              text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            Document doc = new Document();
            doc.add(new TextField("body", text.toString(), Field.Store.NO));
            doc.add(new TextField("id", segment + "-" + i, Field.Store.NO));
            writer.addDocument(doc);
          }
          writer.commit();
        }
        writer.deleteDocuments(new Term("id", "1-5"), new Term("id", "2-0"));
        writer.commit();
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        assertEquals(3, reader.leaves().size());
        IndexSearcher searcher = new IndexSearcher(reader);
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        query.add(new TermQuery(new Term("body", "parcel")), Occur.SHOULD);
        query.add(new BoostQuery(new TermQuery(new Term("body", "late")), 2f), Occur.SHOULD);
        query.add(new TermQuery(new Term("body", "refund")), Occur.SHOULD);
        Weight weight =
            searcher.createWeight(searcher.rewrite(query.build()), ScoreMode.TOP_SCORES, 1f);
        for (int n : new int[] {1, 5, 16, 100}) {
          ScoreDoc[] alone = ReplyIndex.top(reader.leaves(), weight, n, Long.MAX_VALUE);
          assertEquals(n, alone.length);
          for (int round = 0; round < 20; round++) {
            ScoreDoc[] shared = ReplyIndex.top(reader.leaves(), weight, n, 0);
            assertEquals(alone.length, shared.length, "n=" + n);
            for (int i = 0; i < alone.length; i++) {
              assertEquals(alone[i].doc, shared[i].doc, "n=" + n + ", hit " + i);
              assertEquals(alone[i].score, shared[i].score, "n=" + n + ", hit " + i);
            }
          }
          assertTrue(
              n == 1 || alone[0].score == alone[1].score, "ties are what this test is about");
        }
      }
    }
  }
}
