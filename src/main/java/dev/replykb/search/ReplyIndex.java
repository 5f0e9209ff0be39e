package dev.replykb.search;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.TemplateLookup;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index of a catalog's variants, in a folder of its own, rebuilt whenever the catalog it
 * was built from changed.
 *
 * <p>Each commit records the catalog's fingerprint and the schema version. Opening reuses the index
 * when both match and rebuilds it otherwise. A rebuild writes a complete new commit and switches to
 * it atomically (Lucene's two-phase commit): until then the old commit stays the index, so a crash
 * mid-rebuild leaves the previous index plus unreferenced files, which the next rebuild (its
 * fingerprint no longer matches) removes. An index that cannot be read at all is wiped and rebuilt.
 *
 * <p>Thread-safe. Searches follow the {@link SearcherManager} protocol: acquire, search, release;
 * updates commit and refresh the searcher before they return.
 */
public final class ReplyIndex implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplyIndex.class);
  static final String FINGERPRINT_KEY = "replykb.fingerprint";
  static final String SCHEMA_KEY = "replykb.schema";
  static final String BUILT_KEY = "replykb.built";

  /**
   * From this many variants on, an index that is kept (a server's, whose heap also holds the
   * catalog and its searches, and which merges as it updates) writes with the smaller buffer. A
   * rebuild always has the larger one: it merges nothing until every document is in, so the buffer
   * is the only large thing beside the catalog in the heap.
   */
  static final int LARGE_CATALOG = 200_000;

  static final double BUFFER_MB = 64;
  static final double SMALL_BUFFER_MB = 16;

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final SegmentWords segmentWords;
  private final boolean rebuilt;

  private ReplyIndex(
      Directory directory,
      IndexWriter writer,
      SearcherManager searchers,
      SegmentWords segmentWords,
      boolean rebuilt) {
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.segmentWords = segmentWords;
    this.rebuilt = rebuilt;
  }

  /**
   * Opens the index in {@code folder} for {@code catalog}, building it when it is missing, stale or
   * unreadable. The index stays open for updates (it holds the folder's write lock) until closed.
   */
  static ReplyIndex open(Path folder, Catalog catalog, ReplySchema schema) throws IOException {
    return open(folder, catalog, schema, false);
  }

  /**
   * Opens the index in {@code folder} when it was committed with the catalog of {@code fingerprint}
   * (of {@code variantCount} variants) and this schema; null otherwise, with nothing left open. A
   * restart opens it so before its catalog is read whole.
   */
  static ReplyIndex openCurrent(
      Path folder, String fingerprint, int variantCount, ReplySchema schema) throws IOException {
    if (!Files.isDirectory(folder)) {
      return null;
    }
    Directory directory = FSDirectory.open(folder);
    IndexWriter writer = null;
    try {
      if (currentState(directory, fingerprint) != null) {
        directory.close();
        return null;
      }
      LOG.info("Index in {} is current; reusing it", folder);
      writer =
          new IndexWriter(
              directory,
              sorted(new IndexWriterConfig(schema.indexAnalyzer()))
                  .setOpenMode(IndexWriterConfig.OpenMode.APPEND)
                  .setCommitOnClose(false)
                  .setRAMBufferSizeMB(variantCount > LARGE_CATALOG ? SMALL_BUFFER_MB : BUFFER_MB));
      SegmentWords filters = new SegmentWords();
      return new ReplyIndex(
          directory, writer, new SearcherManager(writer, filters), filters, false);
    } catch (IOException | RuntimeException e) {
      if (writer != null) {
        writer.rollback();
      }
      directory.close();
      throw e;
    }
  }

  /**
   * As {@link #open(Path, Catalog, ReplySchema)}; with {@code reconciling}, an index of this schema
   * is kept even when it was built from another version of the catalog: the caller takes the files
   * that changed in afterwards (a restart from a snapshot, where rebuilding a million variants to
   * fix a few would be absurd).
   */
  static ReplyIndex open(Path folder, Catalog catalog, ReplySchema schema, boolean reconciling)
      throws IOException {
    return open(folder, catalog, schema, reconciling, null);
  }

  /**
   * As {@link #open(Path, Catalog, ReplySchema, boolean)}; a rebuild runs {@code added} (when not
   * null) once every document is added, as its final merge begins: work for the other core.
   */
  static ReplyIndex open(
      Path folder, Catalog catalog, ReplySchema schema, boolean reconciling, Runnable added)
      throws IOException {
    Files.createDirectories(folder);
    Directory directory = FSDirectory.open(folder);
    IndexWriter writer = null;
    try {
      String state = currentState(directory, catalog.fingerprint());
      if (reconciling && "the catalog changed since it was built".equals(state)) {
        LOG.info("Index in {} is of another version of the catalog; taking the changes in", folder);
        state = null;
      } else if (state == null) {
        LOG.info("Index in {} is current; reusing it", folder);
      }
      boolean rebuild = state != null;
      if (rebuild) {
        LOG.info("Rebuilding the index in {}: {}", folder, state);
      }
      writer =
          new IndexWriter(
              directory,
              sorted(new IndexWriterConfig(schema.indexAnalyzer()))
                  .setOpenMode(
                      rebuild
                          ? IndexWriterConfig.OpenMode.CREATE
                          : IndexWriterConfig.OpenMode.APPEND)
                  .setCommitOnClose(false)
                  // Fewer, larger flushes while building: the buffer is freed after the commit.
                  .setRAMBufferSizeMB(
                      rebuild || catalog.variantCount() <= LARGE_CATALOG
                          ? BUFFER_MB
                          : SMALL_BUFFER_MB)
                  // A rebuild merges once, at the end, every flushed segment into one. Merging as
                  // it goes rewrote the same postings several times, on the cores the analysis
                  // needs (at a million variants: indexing 53 s, the final merge 9 s; merging
                  // once, 41 s and 11 s).
                  .setMergePolicy(
                      rebuild
                          ? org.apache.lucene.index.NoMergePolicy.INSTANCE
                          : new org.apache.lucene.index.TieredMergePolicy()));
      if (rebuild) {
        long t0 = System.nanoTime();
        double reused = add(writer, catalog.templates(), schema);
        long t1 = System.nanoTime();
        if (added != null) {
          added.run();
        }
        // One segment: every query term is looked up once, not once per indexing thread's
        // segment. Later updates add small segments that merging folds in as usual.
        // From here on, merges as usual: this one, and those of the updates that follow.
        writer.getConfig().setMergePolicy(new org.apache.lucene.index.TieredMergePolicy());
        writer.forceMerge(1);
        commit(writer, catalog);
        LOG.info(
            "Indexed {} variants in {} ms (the analysis of {}% of their texts reused),"
                + " merged and committed in {} ms",
            catalog.variantCount(),
            (t1 - t0) / 1_000_000,
            Math.round(reused * 100),
            (System.nanoTime() - t1) / 1_000_000);
      }
      SegmentWords filters = new SegmentWords();
      return new ReplyIndex(
          directory, writer, new SearcherManager(writer, filters), filters, rebuild);
    } catch (IOException | RuntimeException e) {
      if (writer != null) {
        writer.rollback();
      }
      directory.close();
      throw e;
    }
  }

  /**
   * Replaces the documents of the templates {@code changed} with their variants in {@code catalog}
   * (none for a template that is gone), commits with the catalog's fingerprint, and makes the
   * change visible to searches before returning.
   */
  void update(Catalog catalog, Collection<TemplateId> changed, ReplySchema schema)
      throws IOException {
    if (incomplete) {
      rebuild(catalog, schema);
      return;
    }
    for (TemplateId id : changed) {
      Template template = catalog.template(id).orElse(null);
      if (template == null) {
        writer.deleteDocuments(ReplySchema.idTerm(id));
      } else {
        // One block, replacing the old one atomically: a search finds a variant's template
        // document next to it (see find).
        writer.updateDocuments(ReplySchema.idTerm(id), schema.documents(template, null));
      }
    }
    commit(writer, catalog);
    searchers.maybeRefreshBlocking();
  }

  /**
   * Builds every document of {@code catalog} anew (an administrator's re-index) and makes the new
   * index visible once it is committed. Until then searches read the previous commit's documents,
   * and a crash meanwhile leaves that commit: the writer deletes nothing on disk before it commits.
   *
   * @return how many variants were indexed
   */
  int rebuild(Catalog catalog, ReplySchema schema) throws IOException {
    try {
      writer.deleteAll();
      add(writer, catalog.templates(), schema);
      writer.forceMerge(1);
      commit(writer, catalog);
    } catch (IOException | RuntimeException e) {
      // The writer still holds the deletion of everything and part of the documents (a full
      // disk): the next commit would publish that under the catalog's fingerprint. The next
      // update rebuilds whole instead.
      incomplete = true;
      throw e;
    }
    incomplete = false;
    searchers.maybeRefreshBlocking();
    return catalog.variantCount();
  }

  /** A rebuild failed after it began: the writer's pending changes are not an index to commit. */
  private volatile boolean incomplete;

  /**
   * Adds the variants of {@code templates}, analysed on every core: analysis is most of the work,
   * and the writer takes documents from several threads at once. Each thread takes the next {@link
   * #ADD_BATCH} templates in the catalog's order until none are left, so all finish within a batch
   * of each other (a parallel stream cuts the catalog into a few large parts, and at a million
   * variants one core worked alone for the last seconds of the last part).
   */
  private static double add(IndexWriter writer, Collection<Template> templates, ReplySchema schema)
      throws IOException {
    ReplySchema.TextCache texts = new ReplySchema.TextCache();
    List<Template> all = List.copyOf(templates);
    java.util.concurrent.atomic.AtomicInteger cursor =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    Runnable work =
        () -> {
          try {
            for (int start = cursor.getAndAdd(ADD_BATCH);
                start < all.size() && failure.get() == null;
                start = cursor.getAndAdd(ADD_BATCH)) {
              for (int i = start; i < Math.min(all.size(), start + ADD_BATCH); i++) {
                writer.addDocuments(schema.documents(all.get(i), texts));
              }
            }
          } catch (IOException | RuntimeException | Error e) {
            failure.compareAndSet(null, e);
          }
        };
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), 1 + all.size() / ADD_BATCH);
    List<java.util.concurrent.ForkJoinTask<?>> helpers = new ArrayList<>();
    for (int i = 1; i < threads; i++) {
      helpers.add(java.util.concurrent.ForkJoinPool.commonPool().submit(work));
    }
    work.run();
    for (java.util.concurrent.ForkJoinTask<?> helper : helpers) {
      helper.join(); // never throws: work keeps its failure
    }
    Throwable failed = failure.get();
    if (failed instanceof IOException e) {
      throw e;
    } else if (failed instanceof RuntimeException e) {
      throw e;
    } else if (failed instanceof Error e) {
      throw e;
    }
    return texts.hitRate();
  }

  /**
   * {@code config} writing its segments in the order of the templates' ids, each template's block
   * of documents (its variants, then its concepts' document) kept together. The order of documents
   * decides between equal scores, and a build's threads add templates in an order of their own:
   * without a sort, two builds of one catalog answered a query with different shops' equal copies,
   * and a query now and then with another template.
   */
  static IndexWriterConfig sorted(IndexWriterConfig config) {
    return config
        .setParentField(ReplySchema.BLOCK)
        .setIndexSort(
            new org.apache.lucene.search.Sort(
                new org.apache.lucene.search.SortField(
                    ReplySchema.ID, org.apache.lucene.search.SortField.Type.STRING)));
  }

  /** Templates a build's thread takes at a time: neighbours, whose shops' copies share texts. */
  static final int ADD_BATCH = 16;

  /** A durable commit that records which catalog the index now holds. */
  private static void commit(IndexWriter writer, Catalog catalog) throws IOException {
    writer.setLiveCommitData(
        Map.of(
                FINGERPRINT_KEY, catalog.fingerprint(),
                SCHEMA_KEY, ReplySchema.VERSION,
                BUILT_KEY, Instant.now().toString())
            .entrySet());
    writer.commit();
  }

  /**
   * The fingerprint of the catalog the index in {@code folder} was last committed with, or null
   * when there is no readable index of this version of replykb there.
   */
  static String committedFingerprint(Path folder) {
    if (!Files.isDirectory(folder)) {
      return null;
    }
    try (Directory directory = FSDirectory.open(folder)) {
      if (!DirectoryReader.indexExists(directory)) {
        return null;
      }
      Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
      return ReplySchema.VERSION.equals(data.get(SCHEMA_KEY)) ? data.get(FINGERPRINT_KEY) : null;
    } catch (IOException | RuntimeException e) {
      return null; // opening it says what is wrong, and rebuilds
    }
  }

  /** Why the index must be rebuilt, or null when it matches the catalog. */
  private static String currentState(Directory directory, String fingerprint) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return "no index yet";
    }
    Map<String, String> data;
    try {
      data = SegmentInfos.readLatestCommit(directory).getUserData();
    } catch (IOException | RuntimeException e) {
      LOG.warn("The index cannot be read ({}); wiping it", e.toString());
      wipe(directory);
      return "the previous index was unreadable";
    }
    if (!ReplySchema.VERSION.equals(data.get(SCHEMA_KEY))) {
      return "it was built by another version of replykb";
    }
    if (!fingerprint.equals(data.get(FINGERPRINT_KEY))) {
      return "the catalog changed since it was built";
    }
    return null;
  }

  /** Removes Lucene's files only: the folder may hold other things (a placeholder, usage data). */
  private static void wipe(Directory directory) throws IOException {
    for (String file : directory.listAll()) {
      if (file.startsWith("segments")
          || file.startsWith("pending_segments")
          || file.startsWith("_")
          || file.equals(IndexWriter.WRITE_LOCK_NAME)) {
        directory.deleteFile(file);
      }
    }
  }

  /** Whether opening this index had to build it. */
  public boolean rebuilt() {
    return rebuilt;
  }

  /**
   * The {@link NearWords} of each segment, made when a searcher first sees the segment (the opening
   * or refresh that brings it, not a search) and dropped when the segment is closed.
   */
  static final class SegmentWords extends org.apache.lucene.search.SearcherFactory {
    private final java.util.concurrent.ConcurrentHashMap<
            org.apache.lucene.index.IndexReader.CacheKey, NearWords>
        bySegment = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<
            org.apache.lucene.index.IndexReader.CacheKey, org.apache.lucene.util.FixedBitSet>
        templatesBySegment = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<
            org.apache.lucene.index.IndexReader.CacheKey,
            java.util.concurrent.atomic.AtomicReferenceArray<TemplateId>>
        idsBySegment = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public IndexSearcher newSearcher(
        org.apache.lucene.index.IndexReader reader, org.apache.lucene.index.IndexReader previous)
        throws IOException {
      for (LeafReaderContext leaf : reader.leaves()) {
        of(leaf);
        templates(leaf);
      }
      return new IndexSearcher(reader);
    }

    /** {@code leaf}'s surface words. */
    NearWords of(LeafReaderContext leaf) throws IOException {
      return perSegment(bySegment, leaf, l -> NearWords.of(l.reader().terms(ReplySchema.SURFACE)));
    }

    /** The documents of {@code leaf} that are templates' (of concepts), as bits. */
    org.apache.lucene.util.FixedBitSet templates(LeafReaderContext leaf) throws IOException {
      return perSegment(templatesBySegment, leaf, SegmentWords::templateBits);
    }

    /**
     * The template id of ordinal {@code ord} of {@code leaf}'s {@code ids}: parsed once per segment
     * and id. A search's candidates are a few dozen ids; decoding and parsing each anew made
     * strings whose hashes the catalog lookup then computed.
     */
    TemplateId id(LeafReaderContext leaf, SortedDocValues ids, int ord) throws IOException {
      java.util.concurrent.atomic.AtomicReferenceArray<TemplateId> parsed =
          perSegment(
              idsBySegment,
              leaf,
              l -> new java.util.concurrent.atomic.AtomicReferenceArray<>(idCount(l)));
      TemplateId id = parsed.get(ord);
      if (id == null) {
        id = TemplateId.parse(ids.lookupOrd(ord).utf8ToString());
        parsed.set(ord, id); // two threads parsing the same id at once only do it twice
      }
      return id;
    }

    /** What {@code make} makes of a segment, made once per segment core. */
    private interface SegmentValue<T> {
      T make(LeafReaderContext leaf) throws IOException;
    }

    /**
     * {@code leaf}'s value in {@code cache}, made when first asked for and dropped when the segment
     * is closed; made each time for a reader that has no core to key it by.
     */
    private static <T> T perSegment(
        java.util.concurrent.ConcurrentHashMap<org.apache.lucene.index.IndexReader.CacheKey, T>
            cache,
        LeafReaderContext leaf,
        SegmentValue<T> make)
        throws IOException {
      org.apache.lucene.index.IndexReader.CacheHelper core = leaf.reader().getCoreCacheHelper();
      if (core == null) {
        return make.make(leaf);
      }
      try {
        return cache.computeIfAbsent(
            core.getKey(),
            key -> {
              core.addClosedListener(cache::remove);
              try {
                return make.make(leaf);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    }

    private static org.apache.lucene.util.FixedBitSet templateBits(LeafReaderContext leaf)
        throws IOException {
      org.apache.lucene.util.FixedBitSet bits =
          new org.apache.lucene.util.FixedBitSet(leaf.reader().maxDoc());
      org.apache.lucene.index.PostingsEnum postings =
          leaf.reader()
              .postings(
                  new Term(ReplySchema.KIND, ReplySchema.TEMPLATE_KIND),
                  org.apache.lucene.index.PostingsEnum.NONE);
      if (postings != null) {
        for (int doc = postings.nextDoc();
            doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
            doc = postings.nextDoc()) {
          bits.set(doc);
        }
      }
      return bits;
    }

    /** How many segments have their words: those of the searchers still open. */
    int segments() {
      return bySegment.size();
    }
  }

  /** How many segments have their words for typo lookups (for tests: they go with the segment). */
  int segmentsWithWords() {
    return segmentWords.segments();
  }

  /** Words this long are corrected across two edits; shorter ones across one. */
  private static final int TWO_EDITS_FROM = 7;

  /**
   * A template a search found: the best and the sum of its variants' scores for the words, and its
   * concepts' score (zero where it matches none); {@code template} is null when the catalog
   * searched has no such template (yet). Its documents in {@code reader}, the one it was found in,
   * are {@code first} to {@code last} (its variants, then its own).
   */
  record Found(
      TemplateId id,
      Template template,
      float best,
      float sum,
      float concepts,
      org.apache.lucene.index.IndexReader reader,
      int first,
      int last) {}

  /**
   * The templates that {@code words} (asked of the variants' documents) or {@code meaning} (of the
   * templates' documents of concepts) score best, each scored by both, as one query of both would
   * score it. A template's documents are one block (its variants, then its concepts: {@link
   * ReplySchema#documents}), so a variant's template is the next template document and a template's
   * variants are the documents before it: scoring a candidate by the other query reads a handful of
   * documents, not the index.
   *
   * @param words the words' query, or null
   * @param meaning the concepts' query, or null
   * @param variants how many of the best variants by words to take
   * @param templates at most this many templates by words, and this many by concepts
   * @param lookup the catalog the templates are served from
   */
  List<Found> find(Query words, Query meaning, int variants, int templates, TemplateLookup lookup)
      throws IOException {
    return find(words, meaning, variants, templates, lookup, 1.0);
  }

  /**
   * As {@link #find(Query, Query, int, int, TemplateLookup)}, the clauses of {@code words} whose
   * term more than {@code commonShare} of its field's documents have left out (all of them kept
   * when that would leave none).
   */
  List<Found> find(
      Query words,
      Query meaning,
      int variants,
      int templates,
      TemplateLookup lookup,
      double commonShare)
      throws IOException {
    IndexSearcher searcher = searchers.acquire();
    SEARCHING.incrementAndGet();
    try {
      List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
      // Template document -> {best, sum, concepts}; NaN until known.
      java.util.LinkedHashMap<Integer, float[]> found = new java.util.LinkedHashMap<>();
      org.apache.lucene.search.Weight wordsWeight =
          words == null ? null : weight(searcher, words, commonShare);
      org.apache.lucene.search.Weight meaningWeight =
          meaning == null ? null : weight(searcher, meaning);
      if (wordsWeight != null) {
        for (ScoreDoc hit : top(leaves, wordsWeight, variants)) {
          LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
          int template =
              leaf.docBase + segmentWords.templates(leaf).nextSetBit(hit.doc - leaf.docBase);
          float[] e = found.get(template);
          if (e == null) {
            if (found.size() == templates) {
              continue; // enough templates; later hits only add to the ones already seen
            }
            found.put(template, new float[] {hit.score, hit.score, Float.NaN});
          } else {
            e[1] += hit.score;
          }
        }
      }
      if (meaningWeight != null) {
        for (ScoreDoc hit : top(leaves, meaningWeight, templates)) {
          float[] e = found.get(hit.doc);
          if (e == null) {
            found.put(hit.doc, new float[] {Float.NaN, Float.NaN, hit.score});
          } else {
            e[2] = hit.score;
          }
        }
      }
      int[] docs = found.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      // The other query's score of each candidate, in document order, one scorer per leaf.
      org.apache.lucene.search.Scorer wordsScorer = null;
      org.apache.lucene.search.Scorer meaningScorer = null;
      LeafReaderContext leaf = null;
      SortedDocValues ids = null;
      java.util.Map<Integer, Found> byDoc = new java.util.HashMap<>();
      for (int doc : docs) {
        if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
          leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
          // Each made when a candidate first needs it: a scorer of a message's words is hundreds
          // of term scorers, and most searches' candidates all have their words' scores already.
          wordsScorer = null;
          meaningScorer = null;
          ids = DocValues.getSorted(leaf.reader(), ReplySchema.ID);
        }
        int local = doc - leaf.docBase;
        // The template's variants are the documents since the previous template's.
        int first = local == 0 ? 0 : segmentWords.templates(leaf).prevSetBit(local - 1) + 1;
        float[] e = found.get(doc);
        if (Float.isNaN(e[0])) {
          // Found by its concepts: score its variants by the words.
          e[0] = 0;
          e[1] = 0;
          if (wordsScorer == null && wordsWeight != null) {
            wordsScorer = wordsWeight.scorer(leaf);
          }
          if (wordsScorer != null) {
            org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
            for (int v = first; v < local; v++) {
              if ((live == null || live.get(v)) && advance(wordsScorer, v)) {
                float score = wordsScorer.score();
                e[0] = Math.max(e[0], score);
                e[1] += score;
              }
            }
          }
        }
        if (Float.isNaN(e[2])) {
          if (meaningScorer == null && meaningWeight != null) {
            meaningScorer = meaningWeight.scorer(leaf);
          }
          e[2] = meaningScorer != null && advance(meaningScorer, local) ? meaningScorer.score() : 0;
        }
        if (!ids.advanceExact(local)) {
          throw new IllegalStateException("document " + local + " has no " + ReplySchema.ID);
        }
        int ord = ids.ordValue();
        byDoc.put(
            doc,
            new Found(
                segmentWords.id(leaf, ids, ord),
                template(lookup, leaf, ids, ord),
                e[0],
                e[1],
                e[2],
                searcher.getIndexReader(),
                leaf.docBase + first,
                doc));
      }
      List<Found> result = new ArrayList<>(found.size());
      found.forEach((doc, e) -> result.add(byDoc.get(doc)));
      return result;
    } finally {
      SEARCHING.decrementAndGet();
      searchers.release(searcher);
    }
  }

  /** What an id ordinal's template is in a catalog: absent from it. */
  private static final Object ABSENT = new Object();

  /**
   * The templates the ids of each segment stand for in one catalog, by the ids' ordinals: a search
   * serves a few dozen candidates, and each lookup in the catalog's map by id cost several misses
   * of the CPU's caches. Replaced whole when searches come to be served from another catalog, so no
   * template outlives the catalog it is of.
   */
  private record Resolved(
      TemplateLookup lookup,
      java.util.concurrent.ConcurrentHashMap<
              org.apache.lucene.index.IndexReader.CacheKey,
              java.util.concurrent.atomic.AtomicReferenceArray<Object>>
          bySegment) {}

  private volatile Resolved resolved;

  /** How many distinct template ids {@code leaf} has. */
  private static int idCount(LeafReaderContext leaf) {
    try {
      return DocValues.getSorted(leaf.reader(), ReplySchema.ID).getValueCount();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The template of ordinal {@code ord} of {@code leaf}'s {@code ids} in {@code lookup}, or null.
   */
  private Template template(
      TemplateLookup lookup, LeafReaderContext leaf, SortedDocValues ids, int ord)
      throws IOException {
    org.apache.lucene.index.IndexReader.CacheHelper core = leaf.reader().getCoreCacheHelper();
    if (core == null) {
      return lookup.template(segmentWords.id(leaf, ids, ord)).orElse(null);
    }
    Resolved r = resolved;
    if (r == null || r.lookup() != lookup) {
      r = new Resolved(lookup, new java.util.concurrent.ConcurrentHashMap<>());
      resolved = r;
    }
    java.util.concurrent.atomic.AtomicReferenceArray<Object> slots =
        r.bySegment()
            .computeIfAbsent(
                core.getKey(),
                key -> new java.util.concurrent.atomic.AtomicReferenceArray<>(idCount(leaf)));
    Object t = slots.get(ord);
    if (t == null) {
      t = lookup.template(segmentWords.id(leaf, ids, ord)).map(Object.class::cast).orElse(ABSENT);
      slots.set(ord, t);
    }
    return t == ABSENT ? null : (Template) t;
  }

  private static org.apache.lucene.search.Weight weight(IndexSearcher searcher, Query query)
      throws IOException {
    return weight(searcher, query, 1.0);
  }

  private static org.apache.lucene.search.Weight weight(
      IndexSearcher searcher, Query query, double commonShare) throws IOException {
    Query found = resolved(searcher, query, commonShare);
    return searcher.createWeight(
        searcher.rewrite(found == null ? new MatchNoDocsQuery() : found),
        org.apache.lucene.search.ScoreMode.TOP_SCORES,
        1f);
  }

  /**
   * {@code query} with its optional term clauses looked up in the index once, through one terms
   * enumeration per field, and those of terms no document has dropped; null when nothing of it is
   * left to match. A buyer's message asks each of its words of four fields in every plausible
   * language, so most of its clauses are of a word a field does not have: left in, each would cost
   * a terms enumeration of its own to find that out, then a weight and a place in the scorer's
   * bookkeeping. The documents and scores are the same: a clause that matches nothing adds nothing.
   */
  static Query withTermStates(
      IndexSearcher searcher, Query query, Map<String, org.apache.lucene.index.TermsEnum[]> enums)
      throws IOException {
    return withTermStates(searcher, query, enums, 1.0);
  }

  /**
   * {@code query} as a search asks it: its terms looked up, those no document has left out, and so
   * are those more than {@code commonShare} of their field's documents have unless nothing else of
   * it would be left; null when nothing matches.
   */
  static Query resolved(IndexSearcher searcher, Query query, double commonShare)
      throws IOException {
    Query found = null;
    if (commonShare < 1.0) {
      found = withTermStates(searcher, query, new java.util.HashMap<>(), commonShare);
    }
    return found != null ? found : withTermStates(searcher, query, new java.util.HashMap<>());
  }

  /**
   * As {@link #withTermStates(IndexSearcher, Query, Map)}, also dropping the optional term clauses
   * whose term more than {@code commonShare} of its field's documents have (1 drops none).
   */
  static Query withTermStates(
      IndexSearcher searcher,
      Query query,
      Map<String, org.apache.lucene.index.TermsEnum[]> enums,
      double commonShare)
      throws IOException {
    switch (query) {
      case org.apache.lucene.search.BooleanQuery bool -> {
        org.apache.lucene.search.BooleanQuery.Builder kept =
            new org.apache.lucene.search.BooleanQuery.Builder()
                .setMinimumNumberShouldMatch(bool.getMinimumNumberShouldMatch());
        int clauses = 0;
        for (org.apache.lucene.search.BooleanClause clause : bool.clauses()) {
          if (clause.occur() == org.apache.lucene.search.BooleanClause.Occur.SHOULD) {
            Query sub = withTermStates(searcher, clause.query(), enums, commonShare);
            if (sub == null) {
              continue; // matches no document: it can neither score nor count as a match
            }
            kept.add(sub, clause.occur());
          } else {
            kept.add(clause); // required and excluded clauses decide alone
          }
          clauses++;
        }
        return clauses == 0 ? null : kept.build();
      }
      case org.apache.lucene.search.BoostQuery boost -> {
        Query sub = withTermStates(searcher, boost.getQuery(), enums, commonShare);
        return sub == null ? null : new org.apache.lucene.search.BoostQuery(sub, boost.getBoost());
      }
      case org.apache.lucene.search.TermQuery term when term.getTermStates() == null -> {
        org.apache.lucene.index.TermStates states = termStates(searcher, term.getTerm(), enums);
        if (states != null && commonShare < 1.0) {
          org.apache.lucene.search.CollectionStatistics field =
              searcher.collectionStatistics(term.getTerm().field());
          if (field != null && states.docFreq() > commonShare * field.docCount()) {
            return null; // a word most of the field's documents have: little evidence, long work
          }
        }
        return states == null
            ? null
            : new org.apache.lucene.search.TermQuery(term.getTerm(), states);
      }
      default -> {
        return query;
      }
    }
  }

  /**
   * The term's statistics in each leaf of the searcher, as TermStates.build finds them, through the
   * field's terms enumerations in {@code enums} (made on first use); null when no document has it.
   */
  private static org.apache.lucene.index.TermStates termStates(
      IndexSearcher searcher, Term term, Map<String, org.apache.lucene.index.TermsEnum[]> enums)
      throws IOException {
    org.apache.lucene.index.IndexReaderContext top = searcher.getTopReaderContext();
    List<LeafReaderContext> leaves = top.leaves();
    org.apache.lucene.index.TermsEnum[] byLeaf = enums.get(term.field());
    if (byLeaf == null) {
      byLeaf = new org.apache.lucene.index.TermsEnum[leaves.size()];
      for (LeafReaderContext leaf : leaves) {
        org.apache.lucene.index.Terms terms = leaf.reader().terms(term.field());
        byLeaf[leaf.ord] = terms == null ? null : terms.iterator();
      }
      enums.put(term.field(), byLeaf);
    }
    org.apache.lucene.index.TermStates states = null;
    for (LeafReaderContext leaf : leaves) {
      org.apache.lucene.index.TermsEnum terms = byLeaf[leaf.ord];
      if (terms != null && terms.seekExact(term.bytes())) {
        if (states == null) {
          states = new org.apache.lucene.index.TermStates(top);
        }
        states.register(terms.termState(), leaf.ord, terms.docFreq(), terms.totalTermFreq());
      }
    }
    return states;
  }

  /**
   * {@code query} as a search asks it, its clauses of absent terms dropped: for profiling tools.
   */
  Query present(Query query) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return withTermStates(searcher, query, new java.util.HashMap<>());
    } finally {
      searchers.release(searcher);
    }
  }

  /** Whether {@code scorer}, moving forwards only, matches {@code doc}. */
  private static boolean advance(org.apache.lucene.search.Scorer scorer, int doc)
      throws IOException {
    org.apache.lucene.search.DocIdSetIterator it = scorer.iterator();
    int at = it.docID() >= doc ? it.docID() : it.advance(doc);
    return at == doc;
  }

  /**
   * From this many postings on (the estimate of the clauses' scorers), a leaf is collected in two
   * halves, the second shared with the spare thread if it is idle. A message's words at a million
   * variants read this much and take milliseconds; below it, waking the thread and the weaker
   * pruning of two collections cost more than they save (measured at 100k: each half of a
   * collection takes two thirds of the whole).
   */
  static final long SPLIT_COST = 250_000;

  /**
   * A split leaf's documents in this many ranges, the even ones one half, the odd ones the other: a
   * template's variants are neighbours, so the documents a query matches bunch up (a seed's
   * thousand shop copies are one stretch of the index), and two plain halves would leave one thread
   * most of the work.
   */
  private static final int RANGES = 32;

  /**
   * How far above the n-th best score so far a document's best possible score must reach for
   * dynamic pruning to score it: MaxScore skips what cannot reach this many times the threshold. At
   * a million variants a buyer's long message matches thousands of shops' near-copies whose best
   * possible scores lie within a few percent of one another, above the final threshold, and exact
   * collection scores every one of them. With the factor the top n is approximate: a document that
   * scores at least this many times the exact n-th best is always found, and the n asked for (16
   * variants, 16 templates) is several times the replies a search serves. Measured on 2026-12-08:
   * the bench corpora's Hit@1 for the 169 development queries 0.917, 0.917 and 0.905 at 10k, 100k
   * and 1M (0.923, 0.911, 0.905 exact), the development, held-out and real messages' sets
   * unchanged; at 1M the search path's p99 10-20% shorter.
   */
  static final float PRUNING = 1.2f;

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  /** Searches running now, in every index of the process. */
  private static final java.util.concurrent.atomic.AtomicInteger SEARCHING =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * One thread to share large collections with (see {@link #SPLIT_COST}), taken only when idle and
   * while fewer searches run than there are cores: a search never waits for it, and under load,
   * when a shared collection's extra work would take a core from another search, every search
   * scores both halves itself.
   */
  private static final java.util.concurrent.ThreadPoolExecutor SPARE =
      new java.util.concurrent.ThreadPoolExecutor(
          1,
          1,
          0,
          java.util.concurrent.TimeUnit.SECONDS,
          new java.util.concurrent.SynchronousQueue<>(),
          task -> {
            Thread t = new Thread(task, "replykb-spare-scorer");
            t.setDaemon(true);
            return t;
          },
          new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());

  private static ScoreDoc[] top(
      List<LeafReaderContext> leaves, org.apache.lucene.search.Weight weight, int n)
      throws IOException {
    return top(leaves, weight, n, SPLIT_COST, SEARCHING.get() < CORES, PRUNING);
  }

  /**
   * The best {@code n} documents for {@code weight}, best first, found with dynamic pruning by
   * {@code pruning} (see {@link #PRUNING}; 1 is exact). Nothing reads the total hit count: pruning
   * may start at once, not after counting the first 1,000 hits exactly as
   * IndexSearcher.search(query, n) does. A leaf whose scorers' estimate reaches {@code splitCost}
   * is collected in two halves of interleaved ranges, each with a scorer and a collector of its
   * own, the second by the spare thread when {@code spare} allows and it is idle. What a search
   * finds depends on the index and the query only: not on which thread scored which half, nor on
   * the load, equal scores in document order.
   */
  static ScoreDoc[] top(
      List<LeafReaderContext> leaves,
      org.apache.lucene.search.Weight weight,
      int n,
      long splitCost,
      boolean spare,
      float pruning)
      throws IOException {
    int size = Math.max(1, n);
    org.apache.lucene.search.TopScoreDocCollector collector = collector(size);
    List<org.apache.lucene.search.TopDocs> halves = new ArrayList<>();
    for (LeafReaderContext leaf : leaves) {
      org.apache.lucene.search.ScorerSupplier supplier = weight.scorerSupplier(leaf);
      if (supplier == null) {
        continue;
      }
      int maxDoc = leaf.reader().maxDoc();
      if (supplier.cost() < splitCost || maxDoc < RANGES) {
        org.apache.lucene.search.LeafCollector collect =
            pruned(collector.getLeafCollector(leaf), pruning);
        try {
          supplier.bulkScorer().score(collect, leaf.reader().getLiveDocs(), 0, maxDoc);
        } catch (org.apache.lucene.search.CollectionTerminatedException e) {
          // the collector has what it needs from this leaf
        }
        collect.finish();
        continue;
      }
      java.util.concurrent.atomic.AtomicBoolean abandoned =
          new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.FutureTask<org.apache.lucene.search.TopDocs> second =
          new java.util.concurrent.FutureTask<>(
              () -> abandoned.get() ? null : half(weight.bulkScorer(leaf), leaf, size, 1, pruning));
      if (spare) {
        try {
          SPARE.execute(second);
        } catch (java.util.concurrent.RejectedExecutionException busy) {
          // the spare thread is scoring for another search: this one scores both halves
        }
      }
      org.apache.lucene.search.TopDocs first;
      try {
        first = half(supplier.bulkScorer(), leaf, size, 0, pruning);
      } catch (IOException | RuntimeException e) {
        // The spare thread must be done with the leaf before the search lets the reader go.
        abandoned.set(true);
        second.run(); // if the spare thread has not started the second half, it never will
        try {
          second.get();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException ignored) {
          // this search's own failure is the one to report
        }
        throw e;
      }
      halves.add(first);
      second.run(); // scores the second half here unless the spare thread has taken it
      try {
        halves.add(second.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while scoring");
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    if (halves.isEmpty()) {
      return collector.topDocs().scoreDocs;
    }
    List<org.apache.lucene.search.TopDocs> all = new ArrayList<>(halves);
    all.add(collector.topDocs());
    // Every document is in exactly one collection: equal scores are ordered by document, as one
    // collector over all of them would keep them.
    return org.apache.lucene.search.TopDocs.merge(
            0,
            size,
            all.toArray(new org.apache.lucene.search.TopDocs[0]),
            java.util.Comparator.comparingInt((ScoreDoc d) -> d.doc))
        .scoreDocs;
  }

  private static org.apache.lucene.search.TopScoreDocCollector collector(int n) {
    return new org.apache.lucene.search.TopScoreDocCollectorManager(n, null, n).newCollector();
  }

  /**
   * The best {@code n} documents of the ranges {@code half}, {@code half + 2}, ... of {@code leaf}
   * by {@code scorer}, one collector for all of them, in document order as one scorer reads them.
   */
  private static org.apache.lucene.search.TopDocs half(
      org.apache.lucene.search.BulkScorer scorer,
      LeafReaderContext leaf,
      int n,
      int half,
      float pruning)
      throws IOException {
    org.apache.lucene.search.TopScoreDocCollector collector = collector(n);
    if (scorer == null) {
      return collector.topDocs();
    }
    org.apache.lucene.search.LeafCollector collect =
        pruned(collector.getLeafCollector(leaf), pruning);
    long maxDoc = leaf.reader().maxDoc();
    org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
    try {
      for (int range = half; range < RANGES; range += 2) {
        int from = (int) (maxDoc * range / RANGES);
        int to = (int) (maxDoc * (range + 1) / RANGES);
        scorer.score(collect, live, from, to);
      }
    } catch (org.apache.lucene.search.CollectionTerminatedException e) {
      // the collector has what it needs from this leaf
    }
    collect.finish();
    return collector.topDocs();
  }

  /**
   * {@code in}, whose scorer is told to skip documents that cannot reach {@code pruning} times the
   * score the collector asks for (see {@link #PRUNING}).
   */
  private static org.apache.lucene.search.LeafCollector pruned(
      org.apache.lucene.search.LeafCollector in, float pruning) {
    if (pruning == 1f) {
      return in;
    }
    return new org.apache.lucene.search.LeafCollector() {
      @Override
      public void setScorer(org.apache.lucene.search.Scorable scorer) throws IOException {
        in.setScorer(
            new org.apache.lucene.search.FilterScorable(scorer) {
              @Override
              public void setMinCompetitiveScore(float minScore) throws IOException {
                scorer.setMinCompetitiveScore(minScore * pruning);
              }
            });
      }

      @Override
      public void collect(int doc) throws IOException {
        in.collect(doc);
      }

      @Override
      public void finish() throws IOException {
        in.finish();
      }
    };
  }

  private static String value(SortedDocValues values, String field, int doc) throws IOException {
    if (!values.advanceExact(doc)) {
      throw new IllegalStateException("document " + doc + " has no " + field);
    }
    return values.lookupOrd(values.ordValue()).utf8ToString();
  }

  /** The locale of a variant's document; "concepts" for a template's. */
  private static String locale(LeafReaderContext leaf, int doc) throws IOException {
    SortedDocValues values = DocValues.getSorted(leaf.reader(), ReplySchema.LOCALE);
    return values.advanceExact(doc)
        ? values.lookupOrd(values.ordValue()).utf8ToString()
        : "concepts";
  }

  private static String value(LeafReaderContext leaf, String field, int doc) throws IOException {
    return value(DocValues.getSorted(leaf.reader(), field), field, doc);
  }

  /**
   * Why each of the best {@code n} variants for {@code query} scores what it scores: its score
   * split by field ({@code title.de}, {@code concept.tags}, {@code surface}, ...), largest first.
   */
  List<String> explain(Query query, int n) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      List<String> lines = new ArrayList<>();
      List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
      for (ScoreDoc sd : searcher.search(query, n).scoreDocs) {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
        int doc = sd.doc - leaf.docBase;
        java.util.Map<String, Double> byField = new java.util.TreeMap<>();
        collect(searcher.explain(query, sd.doc), byField);
        StringBuilder line =
            new StringBuilder(
                String.format(
                    java.util.Locale.ROOT,
                    "%7.2f %s@%s",
                    sd.score,
                    value(leaf, ReplySchema.ID, doc),
                    locale(leaf, doc)));
        byField.entrySet().stream()
            .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
            .forEach(
                e ->
                    line.append(
                        String.format(
                            java.util.Locale.ROOT, " %s=%.2f", e.getKey(), e.getValue())));
        lines.add(line.toString());
      }
      return lines;
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * What {@code query} reads, by kind of field ({@code concept}, {@code title}, {@code body}, ...,
   * the part of the field name before its language): how many of its terms, and how many postings
   * (documents with the term) those terms have in the index, most postings first. A query costs
   * about its postings: for tuning what a query asks.
   */
  java.util.SortedMap<String, long[]> postings(Query query) throws IOException {
    java.util.Set<org.apache.lucene.index.Term> terms = new java.util.HashSet<>();
    query.visit(org.apache.lucene.search.QueryVisitor.termCollector(terms));
    IndexSearcher searcher = searchers.acquire();
    try {
      java.util.SortedMap<String, long[]> byKind = new java.util.TreeMap<>();
      for (org.apache.lucene.index.Term term : terms) {
        String field = term.field();
        int dot = field.indexOf('.');
        long[] counts =
            byKind.computeIfAbsent(dot < 0 ? field : field.substring(0, dot), k -> new long[2]);
        counts[0]++;
        counts[1] += searcher.getIndexReader().docFreq(term);
      }
      return byKind;
    } finally {
      searchers.release(searcher);
    }
  }

  /** Adds up the leaf scores of an explanation by the field they come from. */
  private static void collect(
      org.apache.lucene.search.Explanation e, java.util.Map<String, Double> byField) {
    String description = e.getDescription();
    if (description.startsWith("weight(")) {
      int colon = description.indexOf(':');
      String field = colon > 7 ? description.substring(7, colon) : description;
      byField.merge(field, e.getValue().doubleValue(), Double::sum);
      return;
    }
    for (org.apache.lucene.search.Explanation detail : e.getDetails()) {
      collect(detail, byField);
    }
  }

  /**
   * The word of the surface field closest to {@code word} within one edit (two from seven letters
   * on), first letter kept: fewest edits first, then the most frequent. Empty when there is none.
   */
  java.util.Optional<String> closestWord(String word) throws IOException {
    return nearWords(word, false);
  }

  /**
   * The words within {@code word}'s edits, as {@link #closestWord} chooses among them; with {@code
   * any}, the first one found. Each segment's {@link NearWords} answers for its words.
   */
  private java.util.Optional<String> nearWords(String word, boolean any) throws IOException {
    return nearWords(word, any, word.length() >= TWO_EDITS_FROM ? 2 : 1);
  }

  private java.util.Optional<String> nearWords(String word, boolean any, int edits)
      throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      // Segment by segment; on a tie, the first segment's word, as one scan of them all would keep.
      NearWords.Near best = null;
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        NearWords.Near near = segmentWords.of(leaf).closest(word, edits, any);
        if (near != null && any) {
          return java.util.Optional.of(near.word());
        }
        if (near != null
            && (best == null
                || near.distance() < best.distance()
                || (near.distance() == best.distance() && near.docFreq() > best.docFreq()))) {
          best = near;
        }
      }
      return java.util.Optional.ofNullable(best).map(NearWords.Near::word);
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * The lexicon of {@code fixed} and of each language's words in the catalog's variants, read from
   * the terms of the lexicon field: no variant text is read again, and the words go straight from
   * the terms dictionary into the lexicon's transducer.
   */
  dev.replykb.locale.Lexicon lexicon(java.util.Map<String, ? extends Collection<String>> fixed)
      throws IOException {
    List<dev.replykb.locale.Lexicon.Source> sources = new ArrayList<>();
    fixed.forEach(
        (language, words) -> {
          java.util.TreeSet<BytesRef> sorted = new java.util.TreeSet<>();
          words.forEach(w -> sorted.add(new BytesRef(w)));
          sources.add(new dev.replykb.locale.Lexicon.Source(language, sorted.iterator()));
        });
    IndexSearcher searcher = searchers.acquire();
    try {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        org.apache.lucene.index.Terms terms = leaf.reader().terms(ReplySchema.LEXICON);
        if (terms == null) {
          continue;
        }
        // Terms are "language\u001fword", sorted: one source per language, from its first term;
        // the scan jumps from one language to the next without reading the words in between.
        org.apache.lucene.index.TermsEnum languages = terms.iterator();
        BytesRef term = languages.next();
        while (term != null) {
          String key = term.utf8ToString();
          String language = key.substring(0, key.indexOf(ReplySchema.LEXICON_SEPARATOR));
          BytesRef prefix = new BytesRef(language + ReplySchema.LEXICON_SEPARATOR);
          org.apache.lucene.index.TermsEnum words = terms.iterator();
          words.seekCeil(prefix);
          sources.add(new dev.replykb.locale.Lexicon.Source(language, suffixes(words, prefix)));
          BytesRef next = new BytesRef(language + (char) (ReplySchema.LEXICON_SEPARATOR + 1));
          term =
              languages.seekCeil(next) == org.apache.lucene.index.TermsEnum.SeekStatus.END
                  ? null
                  : languages.term();
        }
      }
      return dev.replykb.locale.Lexicon.build(sources);
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * The rest of each term of {@code terms} (positioned on its first) that starts with {@code
   * prefix}.
   */
  private static java.util.Iterator<BytesRef> suffixes(
      org.apache.lucene.index.TermsEnum terms, BytesRef prefix) throws IOException {
    BytesRef first = terms.term();
    return new java.util.Iterator<>() {
      private final BytesRef suffix = new BytesRef();
      private BytesRef current = startsWith(first);
      private boolean fresh = true;

      private BytesRef startsWith(BytesRef term) {
        return term != null && org.apache.lucene.util.StringHelper.startsWith(term, prefix)
            ? term
            : null;
      }

      @Override
      public boolean hasNext() {
        if (!fresh) {
          try {
            current = startsWith(terms.next());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          fresh = true;
        }
        return current != null;
      }

      @Override
      public BytesRef next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        fresh = false;
        suffix.bytes = current.bytes;
        suffix.offset = current.offset + prefix.length;
        suffix.length = current.length - prefix.length;
        return suffix;
      }
    };
  }

  /** Whether some variant has {@code word} in {@code field}. */
  boolean hasTerm(String field, String word) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().docFreq(new Term(field, word)) > 0;
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * Whether the surface field has a word within one or two edits of {@code word} (two from seven
   * letters on), first letter kept, as the typo-tolerant query allows.
   */
  boolean hasNearWord(String word) throws IOException {
    return nearWords(word, true).isPresent();
  }

  /**
   * For each of {@code templates}, how many of {@code words} (surface or pinyin forms) and {@code
   * concepts} some variant of it contains: the part of the query the template accounts for. Each
   * term is looked up once for all the templates (the replies of one search share the query).
   */
  int[] covered(List<Found> templates, Collection<String> words, Collection<String> concepts)
      throws IOException {
    int[] covered = new int[templates.size()];
    if (templates.isEmpty()) {
      return covered;
    }
    IndexSearcher searcher = searchers.acquire();
    try {
      // The templates' variants are a handful of documents: look each term up among them.
      List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
      List<long[]> docs = documents(searcher.getIndexReader(), templates);
      boolean[] has = new boolean[templates.size()];
      List<String> wordFields = List.of(ReplySchema.SURFACE, ReplySchema.PINYIN);
      Cursors wordCursors = new Cursors(leaves, wordFields);
      for (String word : words) {
        count(docs, wordCursors, new BytesRef(word), has, covered);
      }
      List<String> conceptFields = new ArrayList<>();
      for (String part : ReplySchema.PARTS) {
        conceptFields.add(ReplySchema.field(ReplySchema.CONCEPT, part));
      }
      Cursors conceptCursors = new Cursors(leaves, conceptFields);
      for (String concept : concepts) {
        count(docs, conceptCursors, new BytesRef(concept), has, covered);
      }
      return covered;
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * The live documents of each leaf of {@code reader} that belong to one of {@code templates}, in
   * document order: each the document in the high half and the index of its template in the low
   * half. Found in this very reader, a template's documents are known; found in an earlier one (a
   * refresh in between), they are looked up by its id.
   */
  private static List<long[]> documents(
      org.apache.lucene.index.IndexReader reader, List<Found> templates) throws IOException {
    List<LeafReaderContext> leaves = reader.leaves();
    List<long[]> docs = new ArrayList<>(leaves.size());
    if (templates.stream().allMatch(t -> t.reader() == reader)) {
      long[][] byLeaf = new long[leaves.size()][];
      int[] count = new int[leaves.size()];
      for (int t = 0; t < templates.size(); t++) {
        Found found = templates.get(t);
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(found.last(), leaves));
        org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
        for (int doc = found.first() - leaf.docBase; doc <= found.last() - leaf.docBase; doc++) {
          if (live == null || live.get(doc)) {
            long[] own = byLeaf[leaf.ord];
            if (own == null || count[leaf.ord] == own.length) {
              own =
                  byLeaf[leaf.ord] =
                      java.util.Arrays.copyOf(
                          own == null ? new long[16] : own, Math.max(16, 2 * count[leaf.ord]));
            }
            own[count[leaf.ord]++] = (long) doc << 32 | t;
          }
        }
      }
      for (int l = 0; l < leaves.size(); l++) {
        long[] sorted =
            byLeaf[l] == null ? new long[0] : java.util.Arrays.copyOf(byLeaf[l], count[l]);
        java.util.Arrays.sort(sorted);
        docs.add(sorted);
      }
      return docs;
    }
    List<String> ids = templates.stream().map(t -> t.id().toString()).toList();
    for (LeafReaderContext leaf : leaves) {
      docs.add(liveDocs(leaf, ids));
    }
    return docs;
  }

  /**
   * The live documents of a leaf that belong to one of {@code ids}, in document order: each the
   * document in the high half and the index of its template in {@code ids} in the low half.
   */
  private static long[] liveDocs(LeafReaderContext leaf, List<String> ids) throws IOException {
    org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
    long[] found = new long[4 * ids.size()];
    int n = 0;
    for (int t = 0; t < ids.size(); t++) {
      org.apache.lucene.index.PostingsEnum postings =
          leaf.reader()
              .postings(
                  new Term(ReplySchema.ID, ids.get(t)), org.apache.lucene.index.PostingsEnum.NONE);
      if (postings == null) {
        continue;
      }
      for (int doc = postings.nextDoc();
          doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
          doc = postings.nextDoc()) {
        if (live == null || live.get(doc)) {
          if (n == found.length) {
            found = java.util.Arrays.copyOf(found, n * 2);
          }
          found[n++] = (long) doc << 32 | t;
        }
      }
    }
    long[] sorted = java.util.Arrays.copyOf(found, n);
    java.util.Arrays.sort(sorted);
    return sorted;
  }

  /**
   * A terms enumeration and a reusable postings enumeration per leaf and field: the words of one
   * query are looked up in the same few fields, one after another.
   */
  private static final class Cursors {
    final org.apache.lucene.index.TermsEnum[][] terms;
    final org.apache.lucene.index.PostingsEnum[][] postings;

    Cursors(List<LeafReaderContext> leaves, List<String> fields) throws IOException {
      terms = new org.apache.lucene.index.TermsEnum[leaves.size()][fields.size()];
      postings = new org.apache.lucene.index.PostingsEnum[leaves.size()][fields.size()];
      for (int l = 0; l < leaves.size(); l++) {
        for (int f = 0; f < fields.size(); f++) {
          org.apache.lucene.index.Terms t = leaves.get(l).reader().terms(fields.get(f));
          terms[l][f] = t == null ? null : t.iterator();
        }
      }
    }
  }

  /**
   * Adds one to {@code covered} for each template one of whose {@code docs} (per leaf) has {@code
   * text} in one of the cursors' fields; {@code has} is scratch space, one per template.
   */
  private static void count(
      List<long[]> docs, Cursors cursors, BytesRef text, boolean[] has, int[] covered)
      throws IOException {
    java.util.Arrays.fill(has, false);
    for (int l = 0; l < docs.size(); l++) {
      long[] own = docs.get(l);
      if (own.length == 0) {
        continue;
      }
      for (int f = 0; f < cursors.terms[l].length; f++) {
        org.apache.lucene.index.TermsEnum terms = cursors.terms[l][f];
        if (terms == null || !terms.seekExact(text)) {
          continue;
        }
        org.apache.lucene.index.PostingsEnum postings =
            terms.postings(cursors.postings[l][f], org.apache.lucene.index.PostingsEnum.NONE);
        cursors.postings[l][f] = postings;
        for (long entry : own) {
          int doc = (int) (entry >>> 32);
          int at = postings.docID() >= doc ? postings.docID() : postings.advance(doc);
          if (at == doc) {
            has[(int) entry] = true;
          }
          if (at == org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS) {
            break;
          }
        }
      }
    }
    for (int t = 0; t < has.length; t++) {
      if (has[t]) {
        covered[t]++;
      }
    }
  }

  /** The number of variant documents in the index. */
  public int size() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().numDocs();
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      searchers.close();
      writer.rollback(); // every change was committed when made; nothing is pending
    } finally {
      directory.close();
    }
  }
}
