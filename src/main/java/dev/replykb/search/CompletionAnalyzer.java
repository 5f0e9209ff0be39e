package dev.replykb.search;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;

/**
 * Words of titles and tags in any language, for completions: Traditional Chinese converted to
 * Simplified, ICU word segmentation (dictionaries for Chinese, Japanese, Thai), ICU folding (case,
 * accents, width). No stemming: a completion completes what was typed.
 */
final class CompletionAnalyzer extends Analyzer {

  @Override
  protected Reader initReader(String fieldName, Reader reader) {
    return new TraditionalToSimplifiedCharFilter(reader);
  }

  @Override
  protected Reader initReaderForNormalization(String fieldName, Reader reader) {
    return new TraditionalToSimplifiedCharFilter(reader);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer tokenizer = new ICUTokenizer();
    return new TokenStreamComponents(tokenizer, new ICUFoldingFilter(tokenizer));
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new ICUFoldingFilter(in);
  }
}
