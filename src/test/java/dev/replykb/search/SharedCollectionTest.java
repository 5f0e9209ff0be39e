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
 * A large collection shared with the spare thread (ReplyIndex.top, half by half) keeps what one
 * thread would: the same documents, scores and order, equal scores in document order, across
 * several segments and deleted documents; a pruned collection finds every document that scores the
 * pruning factor times the exact n-th best, and finds the same whichever thread scores which half.
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
          ScoreDoc[] alone = ReplyIndex.top(reader.leaves(), weight, n, Long.MAX_VALUE, false, 1f);
          assertEquals(n, alone.length);
          for (int round = 0; round < 20; round++) {
            // Halves scored by two threads, or both by this one as under load: the same hits.
            assertSame(alone, ReplyIndex.top(reader.leaves(), weight, n, 0, true, 1f), n);
            assertSame(alone, ReplyIndex.top(reader.leaves(), weight, n, 0, false, 1f), n);
          }
          assertTrue(
              n == 1 || alone[0].score == alone[1].score, "ties are what this test is about");
        }
      }
    }
  }

  @Test
  void aPrunedCollectionFindsWhatReachesTheFactorAndTheSameWhoeverScoresIt() throws IOException {
    try (Directory directory = new ByteBuffersDirectory()) {
      Random random = new Random(11);
      try (IndexWriter writer =
          new IndexWriter(directory, new IndexWriterConfig(new WhitespaceAnalyzer()))) {
        for (int i = 0; i < 5000; i++) {
          // Near-copies: the same few words in slightly different proportions and lengths.
          StringBuilder text = new StringBuilder();
          for (int w = 0, words = 2 + random.nextInt(12); w < words; w++) {
            text.append(WORDS[random.nextInt(random.nextInt(3) == 0 ? WORDS.length : 3)])
                .append(' ');
          }
          Document doc = new Document();
          doc.add(new TextField("body", text.toString(), Field.Store.NO));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        query.add(new TermQuery(new Term("body", "parcel")), Occur.SHOULD);
        query.add(new BoostQuery(new TermQuery(new Term("body", "late")), 1.5f), Occur.SHOULD);
        query.add(new TermQuery(new Term("body", "refund")), Occur.SHOULD);
        query.add(new BoostQuery(new TermQuery(new Term("body", "lost")), 3f), Occur.SHOULD);
        Weight weight =
            searcher.createWeight(searcher.rewrite(query.build()), ScoreMode.TOP_SCORES, 1f);
        // Every matching document's exact score.
        java.util.Map<Integer, Float> exact = new java.util.HashMap<>();
        for (ScoreDoc d :
            ReplyIndex.top(reader.leaves(), weight, reader.maxDoc(), Long.MAX_VALUE, false, 1f)) {
          exact.put(d.doc, d.score);
        }
        float factor = 1.2f;
        for (int n : new int[] {1, 5, 16, 100}) {
          ScoreDoc[] best = ReplyIndex.top(reader.leaves(), weight, n, Long.MAX_VALUE, false, 1f);
          float nth = best[best.length - 1].score;
          for (long splitCost : new long[] {Long.MAX_VALUE, 0}) {
            ScoreDoc[] pruned =
                ReplyIndex.top(reader.leaves(), weight, n, splitCost, false, factor);
            java.util.Set<Integer> found = new java.util.HashSet<>();
            for (ScoreDoc d : pruned) {
              assertEquals(exact.get(d.doc), d.score, "a found document's score is its own");
              found.add(d.doc);
            }
            for (ScoreDoc d : best) {
              if (d.score >= factor * nth) {
                assertTrue(found.contains(d.doc), "n=" + n + ": " + d.doc + " scores " + d.score);
              }
            }
            for (int round = 0; round < 20; round++) {
              assertSame(
                  pruned, ReplyIndex.top(reader.leaves(), weight, n, splitCost, true, factor), n);
            }
          }
        }
      }
    }
  }

  private static void assertSame(ScoreDoc[] expected, ScoreDoc[] actual, int n) {
    assertEquals(expected.length, actual.length, "n=" + n);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].doc, actual[i].doc, "n=" + n + ", hit " + i);
      assertEquals(expected[i].score, actual[i].score, "n=" + n + ", hit " + i);
    }
  }
}
