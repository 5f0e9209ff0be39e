package dev.replykb.bench;

import dev.replykb.eval.EvalQuery;
import dev.replykb.locale.BuyerLocale;
import dev.replykb.search.ReplySearch;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Two indexes of one corpus (built by two versions of the schema) searched in one JVM, in
 * alternating rounds, by the labelled queries: on a VM whose speed drifts by tens of percent
 * within minutes, the only fair comparison of two index layouts (not a section of {@code
 * bin/bench}). On the bench profile's test class path: {@code java -Xmx1500m
 * dev.replykb.bench.CompareIndexes 100k INDEX_A INDEX_B 14}; prints each round's CPU time a search
 * and the mean ratio B/A from the third round on.
 */
public final class CompareIndexes {
  private CompareIndexes() {}

  public static void main(String[] args) throws Exception {
    String size = args[0];
    int rounds = Integer.parseInt(args[3]);
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    try (ReplySearch a = ReplySearch.openFolder(Corpora.ensure(size), Path.of(args[1]));
        ReplySearch b = ReplySearch.openFolder(Corpora.ensure(size), Path.of(args[2]))) {
      List<EvalQuery> queries = Corpora.queries();
      ReplySearch[] both = {a, b};
      double[] sum = new double[2];
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 2; k++) {
          ReplySearch s = both[(r + k) % 2];
          int which = (r + k) % 2;
          long c0 = mx.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          for (int rep = 0; rep < 3; rep++) {
            for (EvalQuery q : queries) {
              BuyerLocale buyer = BuyerLocale.resolve(q.locale(), null, q.query(), s.detector());
              s.search(q.query(), buyer.preferences(), null, 3);
            }
          }
          double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / (3 * queries.size());
          if (r >= 2) {
            sum[which] += cpu;
          }
          System.out.printf(Locale.ROOT, "round %d index %s: cpu %.0f us, wall %.0f us%n", r,
              which == 0 ? "A" : "B", cpu, (System.nanoTime() - t0) / 1e3 / (3 * queries.size()));
        }
      }
      System.out.printf(Locale.ROOT, "mean cpu from round 2: A %.0f us, B %.0f us, B/A %.3f%n",
          sum[0] / (rounds - 2), sum[1] / (rounds - 2), sum[1] / sum[0]);
    }
  }
}
