package dev.replykb.search;

import dev.replykb.bench.Corpora;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.eval.EvalQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;

/**
 * Prints how many term clauses each labelled query becomes, and how many are left once those of
 * terms the index does not have are dropped (a profiling aid).
 */
public final class QuerySizes {
  private QuerySizes() {}

  static int clauses(Query q) {
    if (q instanceof BooleanQuery b) {
      int n = 0;
      for (BooleanClause c : b.clauses()) {
        n += clauses(c.query());
      }
      return n;
    }
    if (q instanceof org.apache.lucene.search.BoostQuery bq) {
      return clauses(bq.getQuery());
    }
    return 1;
  }

  public static void main(String[] args) throws Exception {
    String size = args.length > 0 ? args[0] : "10k";
    try (ReplySearch search =
        ReplySearch.open(new CatalogLoader().load(Corpora.ensure(size)), Corpora.index(size))) {
      ReplySchema schema = search.schemaForTools();
      long total = 0;
      long keptTotal = 0;
      int n = 0;
      for (EvalQuery q : Corpora.queries()) {
        ReplySchema.Plan plan =
            schema.plan(q.query(), null, search.detector().plausibility(q.query()), 0);
        int c = plan == null ? 0 : clauses(plan.both());
        Query left = plan == null ? null : search.indexForTools().present(plan.both());
        int kept = left == null ? 0 : clauses(left);
        keptTotal += kept;
        total += c;
        n++;
        System.out.println(c + "\t" + kept + "\t" + q.kind() + "\t" + q.query());
      }
      System.out.println("mean " + (double) total / n + ", kept " + (double) keptTotal / n);
    }
  }
}
