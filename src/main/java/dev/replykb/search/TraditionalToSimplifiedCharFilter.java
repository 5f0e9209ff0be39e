package dev.replykb.search;

import dev.replykb.locale.ScriptConverter;
import java.io.IOException;
import java.io.Reader;
import org.apache.lucene.analysis.charfilter.BaseCharFilter;

/**
 * Converts Traditional Chinese to Simplified before tokenization, so that one Chinese tokenizer
 * segments both scripts alike: smartcn's dictionary is Simplified, and alone it cuts Traditional
 * text such as 物流延遲 into single characters that never meet 物流延迟.
 *
 * <p>The input is read whole (template fields and queries are short). ICU's Traditional-Simplified
 * transform maps character for character, so offsets are unchanged; if a conversion ever changes
 * the length, the difference is corrected at the end so offsets stay within the original text.
 */
final class TraditionalToSimplifiedCharFilter extends BaseCharFilter {
  private String converted;
  private int position;

  TraditionalToSimplifiedCharFilter(Reader in) {
    super(in);
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (converted == null) {
      convert();
    }
    if (position >= converted.length()) {
      return -1;
    }
    int n = Math.min(length, converted.length() - position);
    converted.getChars(position, position + n, buffer, offset);
    position += n;
    return n;
  }

  private void convert() throws IOException {
    StringBuilder original = new StringBuilder();
    char[] chunk = new char[1024];
    for (int n; (n = input.read(chunk)) != -1; ) {
      original.append(chunk, 0, n);
    }
    converted = ScriptConverter.toSimplified(original.toString());
    int diff = original.length() - converted.length();
    if (diff != 0) {
      addOffCorrectMap(converted.length(), diff);
    }
  }
}
