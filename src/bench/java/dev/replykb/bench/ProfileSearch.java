package dev.replykb.bench;

import dev.replykb.eval.EvalQuery;
import dev.replykb.locale.BuyerLocale;
import dev.replykb.search.ReplySearch;
import java.util.List;
import java.util.Locale;

/**
 * Runs the search path in a loop for profiling (not a section of {@code bin/bench}): on the bench
 * profile's test class path, {@code java -XX:StartFlightRecording=filename=search.jfr
 * dev.replykb.bench.ProfileSearch 100k 40}. Then each labelled query's time (the mean of 20 runs):
 * the slowest 25, or with a third argument {@code all} every query as a tab-separated line
 * (number, kind, microseconds, locale, query), and the mean by kind, so that two sizes' outputs
 * side by side show which kinds of query grow faster than the catalog.
 *
 * <p>{@code -Dprofile.repeat=20} runs each query twenty times before the next (what a search costs
 * with its memory in the CPU's caches, against the queries in turn); {@code -Dprofile.short=true}
 * leaves the buyer messages out (the queries around the median); {@code -Dprofile.only=message}
 * (or another kind) runs only the queries of that kind, {@code -Dprofile.containing=TEXT} only those
 * whose text contains TEXT. {@code -Dbench.index.1m=DIR} (any size)
 * searches another index of the corpus, built by another version, in place of the bench's own.
 */
public final class ProfileSearch {
  private ProfileSearch() {}

  public static void main(String[] args) throws Exception {
    String size = args.length > 0 ? args[0] : "10k";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (ReplySearch search = ReplySearch.openFolder(Corpora.ensure(size), Corpora.index(size))) {
      search.awaitBackground(); // the whole catalog read and the files checked
      List<EvalQuery> queries = Corpora.queries();
      if (Boolean.getBoolean("profile.short")) {
        queries = queries.stream().filter(q -> !q.kind().equals("message")).toList();
      }
      String containing = System.getProperty("profile.containing");
      if (containing != null) {
        queries = queries.stream().filter(q -> q.query().contains(containing)).toList();
      }
      String only = System.getProperty("profile.only");
      if (only != null) {
        queries = queries.stream().filter(q -> q.kind().equals(only)).toList();
      }
      // The first half warms the JIT up; the second half is timed.
      long half = seconds * 500_000_000L;
      long n = 0;
      long timed = 0;
      long start = System.nanoTime();
      long measuredFrom = 0;
      int repeat = Integer.getInteger("profile.repeat", 1);
      while (System.nanoTime() - start < 2 * half) {
        if (measuredFrom == 0 && System.nanoTime() - start >= half) {
          measuredFrom = System.nanoTime();
          timed = n;
        }
        EvalQuery q = queries.get((int) (n++ / repeat % queries.size()));
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
      boolean all = args.length > 2 && args[2].equals("all");
      java.util.Map<String, double[]> byKind = new java.util.TreeMap<>();
      for (int i = 0; i < each.size(); i++) {
        Timed t = each.get(i);
        double[] kind = byKind.computeIfAbsent(t.query().kind(), k -> new double[2]);
        kind[0] += t.micros();
        kind[1]++;
        if (all) {
          System.out.printf(
              Locale.ROOT,
              "%d\t%s\t%.0f\t%s\t%s%n",
              i,
              t.query().kind(),
              t.micros(),
              t.query().locale(),
              t.query().query());
        }
      }
      if (!all) {
        List<Timed> slowest = new java.util.ArrayList<>(each);
        slowest.sort(java.util.Comparator.comparingDouble(Timed::micros).reversed());
        for (Timed t : slowest.subList(0, Math.min(25, slowest.size()))) {
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
      byKind.forEach(
          (kind, sum) ->
              System.out.printf(
                  Locale.ROOT,
                  "# %s: %d queries, mean %.0f us%n",
                  kind,
                  (int) sum[1],
                  sum[0] / sum[1]));
    }
  }
}
