package dev.replykb.eval;

import java.util.List;
import java.util.Locale;

/**
 * The metrics of a set of outcomes.
 *
 * @param localeAccuracy of the queries whose first result is right, the share served in the
 *     expected locale (NaN when there is none)
 */
public record Scores(int queries, double hitAt1, double mrrAt10, double localeAccuracy) {

  public static Scores of(List<Evaluation.Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return new Scores(0, Double.NaN, Double.NaN, Double.NaN);
    }
    int hits = 0;
    int localeRight = 0;
    double reciprocal = 0;
    for (Evaluation.Outcome o : outcomes) {
      int rank = o.rank();
      if (rank > 0) {
        reciprocal += 1.0 / rank;
      }
      if (o.hit()) {
        hits++;
        if (o.localeRight()) {
          localeRight++;
        }
      }
    }
    return new Scores(
        outcomes.size(),
        (double) hits / outcomes.size(),
        reciprocal / outcomes.size(),
        hits == 0 ? Double.NaN : (double) localeRight / hits);
  }

  /** {@code n Hit@1 MRR@10 locale} as fixed-width columns. */
  public String row() {
    return String.format(
        Locale.ROOT, "%4d  %5.3f  %6.3f  %6.3f", queries, hitAt1, mrrAt10, localeAccuracy);
  }
}
