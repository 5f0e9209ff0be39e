package dev.replykb.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A search's query with its terms looked up once (ReplyIndex.withTermStates): the clauses of terms
 * no document has are gone, and what is left finds the same documents with the same scores.
 */
class TermStatesQueryTest {
  private Directory directory;
  private DirectoryReader reader;
  private IndexSearcher searcher;

  @BeforeEach
  void setUp() throws IOException {
    directory = new ByteBuffersDirectory();
    String[][] docs = {
      {"parcel late delivery", "late parcel", "shipping"},
      {"refund status of a return", "refund", "after-sales"},
      {"parcel lost in transit", "lost parcel", "shipping"},
      {"thank you for your order", "thanks", "thanks"},
    };
    try (IndexWriter writer =
        new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()))) {
      for (int i = 0; i < docs.length; i++) {
        Document doc = new Document();
        doc.add(new TextField("body", docs[i][0], Field.Store.NO));
        doc.add(new TextField("title", docs[i][1], Field.Store.NO));
        doc.add(new StringField("category", docs[i][2], Field.Store.NO));
        writer.addDocument(doc);
        if (i == 1) {
          writer.commit(); // two segments: statistics are kept per leaf
        }
      }
    }
    reader = DirectoryReader.open(directory);
    assertEquals(2, reader.leaves().size());
    searcher = new IndexSearcher(reader);
  }

  @AfterEach
  void tearDown() throws IOException {
    reader.close();
    directory.close();
  }

  /** A message's shape: each word asked of both fields, most of them of neither. */
  private static BooleanQuery.Builder words(String... words) {
    BooleanQuery.Builder evidence = new BooleanQuery.Builder();
    for (String word : words) {
      evidence.add(new BoostQuery(new TermQuery(new Term("body", word)), 1f), Occur.SHOULD);
      evidence.add(new BoostQuery(new TermQuery(new Term("title", word)), 2.5f), Occur.SHOULD);
    }
    return evidence;
  }

  private void assertSameHits(Query original) throws IOException {
    Query resolved = ReplyIndex.withTermStates(searcher, original, new HashMap<>());
    TopDocs expected = searcher.search(original, 10);
    if (resolved == null) {
      assertEquals(0, expected.scoreDocs.length, "nothing left to match, but the query matched");
      return;
    }
    TopDocs actual = searcher.search(resolved, 10);
    assertEquals(hits(expected), hits(actual));
  }

  private static List<String> hits(TopDocs top) {
    List<String> hits = new ArrayList<>();
    for (ScoreDoc hit : top.scoreDocs) {
      hits.add(hit.doc + "=" + hit.score);
    }
    return hits;
  }

  private static int termClauses(Query query) {
    int[] n = {0};
    query.visit(
        new org.apache.lucene.search.QueryVisitor() {
          @Override
          public void consumeTerms(Query q, Term... terms) {
            n[0] += terms.length;
          }

          @Override
          public org.apache.lucene.search.QueryVisitor getSubVisitor(Occur occur, Query parent) {
            return this;
          }
        });
    return n[0];
  }

  @Test
  void aMessageKeepsOnlyTheClausesOfWordsTheIndexHas() throws IOException {
    Query message = words("my", "parcel", "is", "late", "zzz", "lieferung").build();
    Query resolved = ReplyIndex.withTermStates(searcher, message, new HashMap<>());
    assertNotNull(resolved);
    // parcel and late in body and title; "my", "is" and the others in neither field.
    assertEquals(4, termClauses(resolved));
    assertSameHits(message);
  }

  @Test
  void aWordMostDocumentsHaveIsLeftOutOfAMessageUnlessNothingElseIsLeft() throws IOException {
    // "parcel" is in half of the body and title fields' documents, "late" in a quarter.
    Query message = words("parcel", "late").build();
    Query cut = ReplyIndex.resolved(searcher, message, 0.3);
    assertEquals(2, termClauses(cut), "late in body and title; parcel in neither");
    TopDocs late = searcher.search(cut, 10);
    assertEquals(1, late.scoreDocs.length, "only the late parcel has late");
    assertEquals(0, late.scoreDocs[0].doc);
    assertEquals(4, termClauses(ReplyIndex.resolved(searcher, message, 1.0)), "no cut: all four");
    assertEquals(4, termClauses(ReplyIndex.resolved(searcher, message, 0.5)), "50% is not > 50%");
    // A message of common words only is searched with all of them.
    Query common = words("parcel", "zzz").build();
    assertEquals(2, termClauses(ReplyIndex.resolved(searcher, common, 0.3)));
    assertSameHits(common);
  }

  @Test
  void termsInOneSegmentOnlyScoreAsTheyDidAcrossBoth() throws IOException {
    // "refund" is only in the first segment, "lost" only in the second, "parcel" in both.
    assertSameHits(words("refund", "lost", "parcel").build());
  }

  @Test
  void aCategoryFilterStillRequiresAMatch() throws IOException {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    query.add(words("parcel", "nothinglikeit").build(), Occur.SHOULD);
    query.add(new TermQuery(new Term("category", "shipping")), Occur.FILTER);
    query.setMinimumNumberShouldMatch(1);
    assertSameHits(query.build());

    BooleanQuery.Builder none = new BooleanQuery.Builder();
    none.add(words("nothinglikeit").build(), Occur.SHOULD);
    none.add(new TermQuery(new Term("category", "shipping")), Occur.FILTER);
    none.setMinimumNumberShouldMatch(1);
    Query resolved = ReplyIndex.withTermStates(searcher, none.build(), new HashMap<>());
    assertNotNull(resolved, "the filter is kept");
    assertEquals(0, searcher.search(resolved, 10).scoreDocs.length);
  }

  @Test
  void aQueryOfUnknownWordsLeavesNothingToMatch() throws IOException {
    assertNull(
        ReplyIndex.withTermStates(searcher, words("xyzzy", "plugh").build(), new HashMap<>()));
  }

  @Test
  void theLookedUpStatisticsAreTheIndexsOwn() throws IOException {
    Query resolved =
        ReplyIndex.withTermStates(
            searcher, new TermQuery(new Term("title", "parcel")), new HashMap<>());
    assertTrue(resolved instanceof TermQuery);
    org.apache.lucene.index.TermStates states = ((TermQuery) resolved).getTermStates();
    assertTrue(states.wasBuiltFor(searcher.getTopReaderContext()));
    assertEquals(reader.docFreq(new Term("title", "parcel")), states.docFreq());
    assertEquals(reader.totalTermFreq(new Term("title", "parcel")), states.totalTermFreq());
  }
}
