package dev.replykb.eval;

import dev.replykb.locale.BuyerLocale;
import dev.replykb.search.Confidence;
import dev.replykb.search.Reply;
import dev.replykb.search.ReplySearch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fits the confidence model: logistic regression from a result's features to whether it is the
 * right reply, on labelled queries and labelled buyer messages, each source weighing the same.
 */
public final class Calibration {
  /** Results per query that become samples: the first three, right or wrong. */
  static final int DEPTH = 3;

  private Calibration() {}

  /** One result of one query: where it came from, its rank, its features, whether it is right. */
  public record Sample(String source, int rank, Confidence.Features features, boolean right) {}

  /** The fitted weights (for the transformed features) and intercept. */
  public record Model(double[] weights, double intercept) {
    public double probability(Confidence.Features features) {
      return Confidence.of(features, weights, intercept);
    }
  }

  /** Samples from labelled queries (right = the expected template). */
  public static List<Sample> fromQueries(String source, ReplySearch search, List<EvalQuery> queries)
      throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (EvalQuery q : queries) {
      BuyerLocale buyer = BuyerLocale.resolve(q.locale(), null, q.query(), search.detector());
      add(
          samples,
          source,
          search.search(q.query(), buyer.preferences(), null, DEPTH),
          Set.of(q.expectedId()));
    }
    return samples;
  }

  /** Samples from labelled messages (right = one of the templates that answer the label). */
  public static List<Sample> fromMessages(
      String source, ReplySearch search, List<LabelledMessages.Message> messages)
      throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (LabelledMessages.Message m : messages) {
      if (m.text().length() > ReplySearch.MAX_QUERY_LENGTH) {
        continue;
      }
      BuyerLocale buyer = BuyerLocale.resolve(BuyerLocale.AUTO, null, m.text(), search.detector());
      add(samples, source, search.search(m.text(), buyer.preferences(), null, DEPTH), m.answers());
    }
    return samples;
  }

  private static void add(
      List<Sample> samples, String source, List<Reply> replies, Set<String> right) {
    for (int i = 0; i < replies.size(); i++) {
      Reply r = replies.get(i);
      samples.add(
          new Sample(source, i, r.features(), right.contains(r.template().id().toString())));
    }
  }

  /**
   * Fits by gradient descent on standardized features with a light L2 penalty; every source weighs
   * the same in total, so thousands of synthetic messages do not drown a small real set.
   */
  public static Model fit(List<Sample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to fit on: the labelled sets gave no results");
    }
    int n = samples.size();
    int d = samples.get(0).features().vector().length;
    double[][] x = new double[n][];
    double[] y = new double[n];
    double[] weight = new double[n];
    Map<String, Integer> perSource = new HashMap<>();
    samples.forEach(s -> perSource.merge(s.source(), 1, Integer::sum));
    for (int i = 0; i < n; i++) {
      x[i] = samples.get(i).features().vector();
      y[i] = samples.get(i).right() ? 1 : 0;
      weight[i] = (double) n / (perSource.size() * perSource.get(samples.get(i).source()));
    }
    double[] mean = new double[d];
    double[] sd = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      sd[j] = Math.sqrt(sd[j]) == 0 ? 1 : Math.sqrt(sd[j]);
    }
    double[] w = new double[d];
    double b = 0;
    double rate = 0.5;
    double l2 = 1e-3;
    for (int iteration = 0; iteration < 4000; iteration++) {
      double[] gw = new double[d];
      double gb = 0;
      for (int i = 0; i < n; i++) {
        double z = b;
        for (int j = 0; j < d; j++) {
          z += w[j] * (x[i][j] - mean[j]) / sd[j];
        }
        double error = (1 / (1 + Math.exp(-z)) - y[i]) * weight[i];
        for (int j = 0; j < d; j++) {
          gw[j] += error * (x[i][j] - mean[j]) / sd[j] / n;
        }
        gb += error / n;
      }
      for (int j = 0; j < d; j++) {
        w[j] -= rate * (gw[j] + l2 * w[j]);
      }
      b -= rate * gb;
    }
    // Back to the scale of the raw (transformed) features.
    double[] raw = new double[d];
    double intercept = b;
    for (int j = 0; j < d; j++) {
      raw[j] = w[j] / sd[j];
      intercept -= w[j] * mean[j] / sd[j];
    }
    return new Model(raw, intercept);
  }

  /** Area under the ROC curve of the first results: how well the model ranks right above wrong. */
  public static double auc(List<Sample> samples, Model model) {
    List<double[]> top = new ArrayList<>();
    for (Sample s : samples) {
      if (s.rank() == 0) {
        top.add(new double[] {model.probability(s.features()), s.right() ? 1 : 0});
      }
    }
    top.sort((a, b) -> Double.compare(a[0], b[0]));
    double positives = top.stream().filter(t -> t[1] == 1).count();
    double negatives = top.size() - positives;
    double rankSum = 0;
    for (int i = 0; i < top.size(); i++) {
      if (top.get(i)[1] == 1) {
        rankSum += i + 1;
      }
    }
    return positives == 0 || negatives == 0
        ? Double.NaN
        : (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
  }
}
