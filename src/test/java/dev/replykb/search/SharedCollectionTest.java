package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
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

  /** Three segments of documents of few distinct texts, two of them deleted. */
  private static void write(Directory directory) throws IOException {
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
  }

  private static Weight weight(IndexSearcher searcher) throws IOException {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    query.add(new TermQuery(new Term("body", "parcel")), Occur.SHOULD);
    query.add(new BoostQuery(new TermQuery(new Term("body", "late")), 2f), Occur.SHOULD);
    query.add(new TermQuery(new Term("body", "refund")), Occur.SHOULD);
    return searcher.createWeight(searcher.rewrite(query.build()), ScoreMode.TOP_SCORES, 1f);
  }

  @Test
  void aSharedCollectionFindsWhatOneThreadFinds() throws IOException {
    try (Directory directory = new ByteBuffersDirectory()) {
      write(directory);
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        assertEquals(3, reader.leaves().size());
        IndexSearcher searcher = new IndexSearcher(reader);
        Weight weight = weight(searcher);
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

  /**
   * The collection of a leaf's later ranges, done first, shares the lowest score it keeps with the
   * collection of the earlier ranges: that one may skip what scores below it, never what ties with
   * it (an earlier document wins a tie), so the two still keep what one collection keeps. Every
   * document but the last few is the same text, so the later ranges' bound is exactly the score of
   * the earlier ranges' best documents.
   */
  @Test
  void aSharedBoundSkipsNoDocumentThatTiesWithIt() throws IOException {
    try (Directory directory = new ByteBuffersDirectory()) {
      try (IndexWriter writer =
          new IndexWriter(directory, new IndexWriterConfig(new WhitespaceAnalyzer()))) {
        for (int i = 0; i < 5000; i++) {
          Document doc = new Document();
          doc.add(new TextField("body", i < 4990 ? "parcel" : "refund", Field.Store.NO));
          writer.addDocument(doc);
        }
        writer.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        query.add(new TermQuery(new Term("body", "parcel")), Occur.SHOULD);
        query.add(new BoostQuery(new TermQuery(new Term("body", "refund")), 0.0001f), Occur.SHOULD);
        Weight weight =
            searcher.createWeight(searcher.rewrite(query.build()), ScoreMode.TOP_SCORES, 1f);
        LeafReaderContext leaf = reader.leaves().get(0);
        for (int n : new int[] {1, 5, 16, 100}) {
          ScoreDoc[] alone = ReplyIndex.top(List.of(leaf), weight, n, Long.MAX_VALUE);
          java.util.concurrent.atomic.AtomicInteger bound =
              new java.util.concurrent.atomic.AtomicInteger();
          int half = ReplyIndex.RANGES / 2;
          java.util.concurrent.atomic.AtomicInteger later =
              new java.util.concurrent.atomic.AtomicInteger(half);
          TopDocs second = ReplyIndex.ranges(null, weight, leaf, n, later::getAndIncrement, bound);
          assertEquals(
              alone[0].score,
              Float.intBitsToFloat(bound.get()),
              "the later ranges' collection published the score it keeps");
          java.util.concurrent.atomic.AtomicInteger earlier =
              new java.util.concurrent.atomic.AtomicInteger();
          TopDocs first =
              ReplyIndex.ranges(
                  null,
                  weight,
                  leaf,
                  n,
                  () -> earlier.get() < half ? earlier.getAndIncrement() : ReplyIndex.RANGES,
                  bound);
          ScoreDoc[] merged =
              TopDocs.merge(
                      0,
                      n,
                      new TopDocs[] {first, second},
                      java.util.Comparator.comparingInt((ScoreDoc d) -> d.doc))
                  .scoreDocs;
          assertEquals(alone.length, merged.length, "n=" + n);
          for (int i = 0; i < alone.length; i++) {
            assertEquals(alone[i].doc, merged[i].doc, "n=" + n + ", hit " + i);
            assertEquals(alone[i].score, merged[i].score, "n=" + n + ", hit " + i);
          }
        }
      }
    }
  }
}
