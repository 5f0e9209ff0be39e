package dev.replykb.bench;

import dev.replykb.eval.EvalQuery;
import dev.replykb.locale.BuyerLocale;
import dev.replykb.search.ReplySearch;
import java.util.List;
import java.util.Locale;

/**
 * Runs the search path in a loop for profiling (not a section of {@code bin/bench}): on the bench
 * profile's test class path, {@code java -XX:StartFlightRecording=filename=search.jfr
 * dev.replykb.bench.ProfileSearch 100k 40}.
 */
public final class ProfileSearch {
  private ProfileSearch() {}

  public static void main(String[] args) throws Exception {
    String size = args.length > 0 ? args[0] : "10k";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (ReplySearch search = ReplySearch.openFolder(Corpora.ensure(size), Corpora.index(size))) {
      List<EvalQuery> queries = Corpora.queries();
      // The first half warms the JIT up; the second half is timed.
      long half = seconds * 500_000_000L;
      long n = 0;
      long timed = 0;
      long start = System.nanoTime();
      long measuredFrom = 0;
      while (System.nanoTime() - start < 2 * half) {
        if (measuredFrom == 0 && System.nanoTime() - start >= half) {
          measuredFrom = System.nanoTime();
          timed = n;
        }
        EvalQuery q = queries.get((int) (n++ % queries.size()));
        BuyerLocale buyer = BuyerLocale.resolve(q.locale(), null, q.query(), search.detector());
        search.search(q.query(), buyer.preferences(), null, 3);
      }
      System.out.printf(
          Locale.ROOT,
          "%d searches timed, %.1f us each%n",
          n - timed,
          (System.nanoTime() - measuredFrom) / 1e3 / (n - timed));
      // The slowest queries, each the mean of 20 runs: where the tail comes from.
      record Timed(EvalQuery query, double micros) {}
      List<Timed> each = new java.util.ArrayList<>();
      for (EvalQuery q : queries) {
        BuyerLocale buyer = BuyerLocale.resolve(q.locale(), null, q.query(), search.detector());
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
          search.search(q.query(), buyer.preferences(), null, 3);
        }
        each.add(new Timed(q, (System.nanoTime() - t0) / 20e3));
      }
      each.sort(java.util.Comparator.comparingDouble(Timed::micros).reversed());
      for (Timed t : each.subList(0, Math.min(25, each.size()))) {
        System.out.printf(
            Locale.ROOT,
            "%8.0f us  %-10s %s%n",
            t.micros(),
            t.query().kind(),
            t.query().query().length() > 90
                ? t.query().query().substring(0, 90) + "..."
                : t.query().query());
      }
    }
  }
}
