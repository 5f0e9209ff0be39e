package dev.replykb.eval;

import dev.replykb.locale.LocalePreferences;
import java.io.IOException;
import java.util.List;

/** A way of ranking a catalog's templates for a query: replykb itself, or a baseline. */
public interface Ranker {
  /** A short name for reports. */
  String name();

  /** Template ids, best first, at most {@code limit}. */
  List<String> rank(String query, LocalePreferences preferences, int limit) throws IOException;
}
