package dev.replykb.bench;

import dev.replykb.catalog.CatalogLoader;
import dev.replykb.eval.EvalQuery;
import dev.replykb.locale.BuyerLocale;
import dev.replykb.search.ReplySearch;
import java.util.List;
import java.util.Locale;

/** Runs the search path in a loop for profiling: {@code bin/bench profile:<size>:<seconds>}. */
public final class ProfileSearch {
  private ProfileSearch() {}

  public static void main(String[] args) throws Exception {
    String size = args.length > 0 ? args[0] : "10k";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (ReplySearch search =
        ReplySearch.open(new CatalogLoader().load(Corpora.ensure(size)), Corpora.index(size))) {
      List<EvalQuery> queries = Corpora.queries();
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long n = 0;
      long start = System.nanoTime();
      while (System.nanoTime() < end) {
        EvalQuery q = queries.get((int) (n++ % queries.size()));
        BuyerLocale buyer = BuyerLocale.resolve(q.locale(), null, q.query(), search.detector());
        search.search(q.query(), buyer.preferences(), null, 3);
      }
      System.out.printf(
          Locale.ROOT, "%d searches, %.1f us each%n", n, (System.nanoTime() - start) / 1e3 / n);
    }
  }
}
