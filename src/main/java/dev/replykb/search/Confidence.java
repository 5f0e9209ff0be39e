package dev.replykb.search;

/**
 * How likely a result is the reply the agent needs: a logistic model over what the search saw.
 *
 * <p>Raw relevance scores are not probabilities: a long message scores higher than a keyword, and a
 * query about gift cards still matches something. The model weighs, for one result: its score, its
 * lead over the best other result, the query's length, how many terminology concepts the query
 * names, and how much of its vocabulary the catalog's domain uses. The weights are fitted by {@code
 * replykb calibrate} on labelled queries (the development set) and real buyer messages (HINT3,
 * Bitext) mapped to the bundled templates; see the README for the command and the fit.
 */
public final class Confidence {
  /**
   * Weights of the features, in the order of {@link Features#vector()}, and the intercept; fitted
   * by {@code replykb calibrate}.
   */
  public static final double[] WEIGHTS = {1.9351, 0.0314, 0.7854, 1.3665, -0.6368, 1.1073, 1.4797};

  public static final double INTERCEPT = -7.5852;

  private Confidence() {}

  /**
   * Below this, {@code /api/best} answers {@code no_confident_match}: chosen by {@code replykb
   * calibrate} to reject most off-topic buyer messages while keeping most answerable ones.
   */
  public static final double THRESHOLD = 0.35;

  /**
   * What the model looks at for one result.
   *
   * @param score the result's score divided by log(1 + variants in the catalog)
   * @param bestOtherScore the best score among the other results, scaled the same way
   * @param coverage the share of the query's content words and concepts found in the result
   */
  public record Features(
      double score,
      double bestOtherScore,
      int words,
      int concepts,
      double domainShare,
      double coverage) {

    /** The model's inputs, transformed: log score, margin, log words, ... */
    public double[] vector() {
      double margin = score > 0 ? (score - bestOtherScore) / score : -1;
      return new double[] {
        Math.log1p(score),
        margin,
        Math.log(Math.max(1, words)),
        score / Math.sqrt(Math.max(1, words)),
        Math.log1p(concepts),
        domainShare,
        coverage
      };
    }
  }

  /** The probability, between 0 and 1, that the result is right. */
  public static double of(Features features) {
    return of(features, WEIGHTS, INTERCEPT);
  }

  public static double of(Features features, double[] weights, double intercept) {
    double[] x = features.vector();
    double z = intercept;
    for (int i = 0; i < x.length; i++) {
      z += weights[i] * x[i];
    }
    return 1 / (1 + Math.exp(-z));
  }
}
