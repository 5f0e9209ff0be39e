package dev.replykb.bench;

import dev.replykb.eval.EvalQuery;
import dev.replykb.locale.BuyerLocale;
import dev.replykb.search.Reply;
import dev.replykb.search.ReplySearch;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How often {@code /api/best} would dare to answer, by catalog size (not a section of {@code
 * bin/bench}): the development set's labelled queries against each bench corpus, counting the
 * first results that are right (a shop's copy of the expected template), and of those the ones
 * confident enough to be answered. On the bench profile's test class path: {@code java
 * dev.replykb.bench.ConfidenceAtScale 10k 100k 1m}.
 */
public final class ConfidenceAtScale {
  private ConfidenceAtScale() {}

  public static void main(String[] args) throws Exception {
    for (String size : args.length > 0 ? args : new String[] {"10k", "100k"}) {
      Map<String, String> intents = Corpora.intents(size);
      try (ReplySearch search =
          ReplySearch.openFolder(Corpora.ensure(size), Corpora.index(size))) {
        int queries = 0;
        int right = 0;
        int rightConfident = 0;
        int wrongConfident = 0;
        double rightConfidence = 0;
        for (EvalQuery q : Corpora.queries()) {
          BuyerLocale buyer = BuyerLocale.resolve(q.locale(), null, q.query(), search.detector());
          List<Reply> replies = search.search(q.query(), buyer.preferences(), null, 3);
          queries++;
          if (replies.isEmpty()) {
            continue;
          }
          Reply first = replies.get(0);
          if (q.expectedId().equals(intents.get(first.template().id().toString()))) {
            right++;
            rightConfidence += first.confidence();
            rightConfident += first.confident() ? 1 : 0;
          } else {
            wrongConfident += first.confident() ? 1 : 0;
          }
        }
        System.out.printf(
            Locale.ROOT,
            "%s: %d queries, Hit@1 %.3f; right and confident %.3f of the right ones (mean"
                + " confidence %.2f); wrong and confident %d%n",
            size,
            queries,
            right / (double) queries,
            rightConfident / (double) Math.max(1, right),
            rightConfidence / Math.max(1, right),
            wrongConfident);
      }
    }
  }
}
