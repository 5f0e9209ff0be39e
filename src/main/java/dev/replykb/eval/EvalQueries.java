package dev.replykb.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a labelled query file: UTF-8, tab-separated, a header line {@code query, locale,
 * expected_id, expected_locale, kind}, one query per line, no quoting.
 */
public final class EvalQueries {
  static final List<String> HEADER =
      List.of("query", "locale", "expected_id", "expected_locale", "kind");

  private EvalQueries() {}

  /**
   * Reads {@code file}.
   *
   * @throws IllegalArgumentException naming the line of the first malformed row
   */
  public static List<EvalQuery> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !List.of(strip(lines.get(0)).split("\t", -1)).equals(HEADER)) {
      throw new IllegalArgumentException(
          file + ":1: the header must be " + String.join("<TAB>", HEADER));
    }
    List<EvalQuery> queries = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != HEADER.size()) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": expected 5 tab-separated fields, found " + fields.length);
      }
      for (int f = 0; f < fields.length; f++) {
        if (fields[f].isBlank()) {
          throw new IllegalArgumentException(
              file + ":" + (i + 1) + ": field '" + HEADER.get(f) + "' is empty");
        }
      }
      queries.add(new EvalQuery(fields[0], fields[1], fields[2], fields[3], fields[4], i + 1));
    }
    return queries;
  }

  private static String strip(String header) {
    return header.startsWith("\uFEFF") ? header.substring(1) : header;
  }
}
