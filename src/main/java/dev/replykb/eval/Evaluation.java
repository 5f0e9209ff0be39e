package dev.replykb.eval;

import dev.replykb.catalog.TemplateId;
import dev.replykb.locale.BuyerLocale;
import dev.replykb.locale.LanguageDetector;
import dev.replykb.search.Reply;
import dev.replykb.search.ReplySearch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs labelled queries through a {@link Ranker} and scores the answers: Hit@1, MRR@10 and whether
 * the first result is served in the expected locale.
 *
 * <p>Every ranker's first result is served through the same locale choice (replykb's), so rankers
 * differ only in retrieval.
 */
public final class Evaluation {
  static final int DEPTH = 10;

  private final ReplySearch search;
  private final LanguageDetector detector;

  public Evaluation(ReplySearch search) {
    this.search = search;
    this.detector = search.detector();
  }

  /** What one query got. */
  public record Outcome(
      EvalQuery query, List<String> ranked, String servedLocale, String detected) {
    /** 1-based rank of the expected template within the first {@value #DEPTH}, or 0. */
    public int rank() {
      int i = ranked.indexOf(query.expectedId());
      return i < 0 || i >= DEPTH ? 0 : i + 1;
    }

    public boolean hit() {
      return rank() == 1;
    }

    public boolean localeRight() {
      return hit() && query.expectedLocale().equals(servedLocale);
    }

    public String top() {
      return ranked.isEmpty() ? "(nothing)" : ranked.get(0);
    }
  }

  public List<Outcome> run(Ranker ranker, List<EvalQuery> queries) throws IOException {
    List<Outcome> outcomes = new ArrayList<>(queries.size());
    for (EvalQuery q : queries) {
      BuyerLocale buyer = BuyerLocale.resolve(q.locale(), null, q.query(), detector);
      List<String> ranked = ranker.rank(q.query(), buyer.preferences(), DEPTH);
      String served = null;
      if (!ranked.isEmpty()) {
        served =
            search
                .template(TemplateId.parse(ranked.get(0)), buyer.preferences())
                .map(Reply::choice)
                .map(c -> c.served().toLanguageTag())
                .orElse(null);
      }
      outcomes.add(
          new Outcome(
              q,
              ranked,
              served,
              buyer.detected() == null ? null : buyer.detected().toLanguageTag()));
    }
    return outcomes;
  }

  /** The replykb engine itself as a ranker. */
  public static Ranker replykb(ReplySearch search) {
    return new Ranker() {
      @Override
      public String name() {
        return "replykb";
      }

      @Override
      public List<String> rank(
          String query, dev.replykb.locale.LocalePreferences preferences, int limit)
          throws IOException {
        return search.search(query, preferences, null, limit).stream()
            .map(r -> r.template().id().toString())
            .toList();
      }
    };
  }
}
