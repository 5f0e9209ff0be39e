package dev.replykb.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * What the committed index in a folder holds, read with a plain Lucene reader beside the search
 * that has it open: for the kill -9 harness ({@code dev.replykb.crash}), which compares it with the
 * catalog's files.
 */
public final class CrashProbe {
  private CrashProbe() {}

  /**
   * The index's last commit: each variant document as {@code id@locale} with the surface words of
   * it that start with {@code prefix}, and the number of template (concept) documents.
   *
   * @param variants each variant document's words; a document that appears twice is reported as
   *     {@code id@locale#2}
   */
  public record Indexed(Map<String, Set<String>> variants, Map<String, Integer> templates) {}

  public static Indexed read(Path indexFolder, String prefix) throws IOException {
    Map<String, Set<String>> variants = new TreeMap<>();
    Map<String, Integer> templates = new TreeMap<>();
    BytesRef start = new BytesRef(prefix);
    try (Directory directory = FSDirectory.open(indexFolder);
        DirectoryReader reader = DirectoryReader.open(directory)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        Bits live = leaf.reader().getLiveDocs();
        SortedDocValues ids = DocValues.getSorted(leaf.reader(), ReplySchema.ID);
        SortedDocValues locales = DocValues.getSorted(leaf.reader(), ReplySchema.LOCALE);
        String[] keys = new String[leaf.reader().maxDoc()];
        for (int doc = 0; doc < keys.length; doc++) {
          if (live != null && !live.get(doc)) {
            continue;
          }
          String id = ids.advanceExact(doc) ? ids.lookupOrd(ids.ordValue()).utf8ToString() : "?";
          if (locales.advanceExact(doc)) {
            String key = id + "@" + locales.lookupOrd(locales.ordValue()).utf8ToString();
            String unique = key;
            for (int n = 2; variants.containsKey(unique); n++) {
              unique = key + "#" + n;
            }
            variants.put(unique, new TreeSet<>());
            keys[doc] = unique;
          } else {
            templates.merge(id, 1, Integer::sum);
          }
        }
        Terms terms = leaf.reader().terms(ReplySchema.SURFACE);
        if (terms == null) {
          continue;
        }
        TermsEnum words = terms.iterator();
        if (words.seekCeil(start) == TermsEnum.SeekStatus.END) {
          continue;
        }
        PostingsEnum postings = null;
        for (BytesRef word = words.term();
            word != null && StringHelper.startsWith(word, start);
            word = words.next()) {
          String text = word.utf8ToString();
          postings = words.postings(postings, PostingsEnum.NONE);
          for (int doc = postings.nextDoc();
              doc != DocIdSetIterator.NO_MORE_DOCS;
              doc = postings.nextDoc()) {
            if (keys[doc] != null) {
              variants.get(keys[doc]).add(text);
            }
          }
        }
      }
    }
    return new Indexed(variants, templates);
  }
}
