package dev.replykb.bench;

import dev.replykb.eval.EvalQuery;
import dev.replykb.locale.BuyerLocale;
import dev.replykb.search.ReplySearch;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each labelled query's time on the search path at one corpus size (not a section of {@code
 * bin/bench}): after a warm-up of the queries in turn, five rounds, each query's median printed as
 * a tab-separated line (number, kind, microseconds, locale, query), then the mean by kind. Two
 * sizes' outputs side by side show which kinds of query grow faster than the catalog: on the bench
 * profile's test class path, {@code java -Xmx512m -XX:+UseParallelGC -XX:NewRatio=4
 * dev.replykb.bench.PerQuery 1m 40}.
 */
public final class PerQuery {
  private PerQuery() {}

  public static void main(String[] args) throws Exception {
    String size = args.length > 0 ? args[0] : "10k";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (ReplySearch search = ReplySearch.openFolder(Corpora.ensure(size), Corpora.index(size))) {
      List<EvalQuery> queries = Corpora.queries();
      long start = System.nanoTime();
      for (long n = 0; System.nanoTime() - start < seconds * 1_000_000_000L; n++) {
        run(search, queries.get((int) (n % queries.size())));
      }
      double[][] micros = new double[queries.size()][5];
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < queries.size(); i++) {
          long t0 = System.nanoTime();
          run(search, queries.get(i));
          micros[i][round] = (System.nanoTime() - t0) / 1e3;
        }
      }
      Map<String, double[]> byKind = new TreeMap<>();
      for (int i = 0; i < queries.size(); i++) {
        EvalQuery q = queries.get(i);
        Arrays.sort(micros[i]);
        double median = micros[i][2];
        double[] kind = byKind.computeIfAbsent(q.kind(), k -> new double[2]);
        kind[0] += median;
        kind[1]++;
        String text = q.query().length() > 60 ? q.query().substring(0, 60) : q.query();
        System.out.printf(
            Locale.ROOT, "%d\t%s\t%.0f\t%s\t%s%n", i, q.kind(), median, q.locale(), text);
      }
      byKind.forEach(
          (kind, sum) ->
              System.out.printf(
                  Locale.ROOT, "# %s: %d queries, mean %.0f us%n", kind, (int) sum[1], sum[0] / sum[1]));
    }
  }

  private static void run(ReplySearch search, EvalQuery q) throws java.io.IOException {
    BuyerLocale buyer = BuyerLocale.resolve(q.locale(), null, q.query(), search.detector());
    search.search(q.query(), buyer.preferences(), null, 3);
  }
}
