package dev.replykb.search;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.PorterStemFilter;

/**
 * Chinese in either script: Traditional is converted to Simplified, then segmented into words by
 * smartcn. Both zh-Hans and zh-Hant variants (and queries in either script) go through it, so 物流延遲
 * finds 物流延迟 and back.
 *
 * <p>The chain is SmartChineseAnalyzer's (segmenter, lower case, Porter stemming for the Latin
 * words mixed in, its punctuation stop set) behind the script conversion.
 */
final class ChineseAnalyzer extends Analyzer {

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
    Tokenizer tokenizer = new HMMChineseTokenizer();
    TokenStream stream = new LowerCaseFilter(tokenizer);
    stream = new StopFilter(stream, SmartChineseAnalyzer.getDefaultStopSet());
    stream = new PorterStemFilter(stream);
    return new TokenStreamComponents(tokenizer, stream);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }
}
