package dev.replykb.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.AnalyzerWrapper;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;

/**
 * A language's analyzer with ICU folding after it: accents, case and width no longer matter, so
 * {@code recibio} meets {@code recibió}. Folding comes after the stemmer, which expects the
 * language's own spelling.
 */
final class FoldingAnalyzer extends AnalyzerWrapper {
  private final Analyzer delegate;

  FoldingAnalyzer(Analyzer delegate) {
    super(delegate.getReuseStrategy());
    this.delegate = delegate;
  }

  Analyzer delegate() {
    return delegate;
  }

  @Override
  protected Analyzer getWrappedAnalyzer(String fieldName) {
    return delegate;
  }

  @Override
  protected TokenStreamComponents wrapComponents(
      String fieldName, TokenStreamComponents components) {
    return new TokenStreamComponents(
        components.getSource(), new ICUFoldingFilter(components.getTokenStream()));
  }

  @Override
  protected TokenStream wrapTokenStreamForNormalization(String fieldName, TokenStream in) {
    return new ICUFoldingFilter(in);
  }
}
