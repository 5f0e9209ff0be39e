package dev.replykb.cli;

import dev.replykb.catalog.Catalog;
import dev.replykb.eval.EvalQueries;
import dev.replykb.eval.EvalQuery;
import dev.replykb.eval.Evaluation;
import dev.replykb.eval.Ranker;
import dev.replykb.eval.Scores;
import dev.replykb.eval.StandardBaseline;
import dev.replykb.eval.SubstringBaseline;
import dev.replykb.search.ReplySearch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scores search relevance on a labelled query file and prints Markdown tables: overall, per kind,
 * per expected locale, and the misses.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Score relevance on labelled queries: Hit@1, MRR@10, served-locale accuracy.")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      defaultValue = "templates",
      description = "catalog folder (default: ${DEFAULT-VALUE})")
  Path templates;

  @Option(
      names = "--queries",
      paramLabel = "FILE",
      description = "tab-separated: query, locale, expected_id, expected_locale, kind")
  Path queries;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      description = "index folder (default: a temporary folder, removed afterwards)")
  Path index;

  @Option(
      names = "--baselines",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "also score plain Lucene and substring matching (default: ${DEFAULT-VALUE})")
  boolean baselines;

  @Option(
      names = "--misses",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "list replykb's misses (default: ${DEFAULT-VALUE})")
  boolean misses;

  @Option(
      names = "--messages",
      paramLabel = "FILE,TEXT,LABEL,MAP",
      description =
          "labelled buyer messages (CSV file, text column, label column, intent map): report how"
              + " many get no_confident_match (repeatable)")
  List<String> messages = new java.util.ArrayList<>();

  @Option(
      names = "--threshold",
      paramLabel = "P",
      description =
          "confidence below which /api/best answers no_confident_match (default: the product's)")
  Double threshold;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (queries == null && messages.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "give --queries, --messages or both");
    }
    if (queries == null) {
      return messageRates(out);
    }
    List<EvalQuery> labelled = EvalQueries.read(queries);
    Catalog catalog = new CatalogOptions.Loader(templates).load();
    Path folder = index != null ? index : Files.createTempDirectory("replykb-eval-index");
    try (ReplySearch search = ReplySearch.open(catalog, folder)) {
      Evaluation evaluation = new Evaluation(search);
      List<Ranker> rankers = new ArrayList<>(List.of(Evaluation.replykb(search)));
      if (baselines) {
        rankers.add(new StandardBaseline(catalog));
        rankers.add(new SubstringBaseline(catalog));
      }
      Map<String, List<Evaluation.Outcome>> results = new LinkedHashMap<>();
      for (Ranker ranker : rankers) {
        results.put(ranker.name(), evaluation.run(ranker, labelled));
      }
      out.printf(
          Locale.ROOT,
          "%d queries from %s against %s (%d templates, %d variants)%n%n",
          labelled.size(),
          queries,
          templates,
          catalog.templates().size(),
          catalog.variantCount());
      table(out, "overall", results, o -> "all");
      autoDetection(out, results.get("replykb"));
      table(out, "kind", results, o -> o.query().kind());
      table(out, "expected locale", results, o -> o.query().expectedLocale());
      if (misses) {
        printMisses(out, results.get("replykb"));
      }
    } finally {
      if (index == null) {
        deleteTree(folder);
      }
    }
    if (!messages.isEmpty()) {
      out.println();
      messageRates(out);
    }
    return 0;
  }

  private int messageRates(PrintWriter out) throws IOException {
    double t = threshold != null ? threshold : dev.replykb.search.Confidence.THRESHOLD;
    Catalog catalog = new CatalogOptions.Loader(templates).load();
    Path folder = Files.createTempDirectory("replykb-eval-index");
    try (ReplySearch search = ReplySearch.open(catalog, folder)) {
      out.printf(
          Locale.ROOT, "buyer messages against %s, confidence threshold %.2f%n%n", templates, t);
      out.println(dev.replykb.eval.MessageRates.header());
      for (String spec : messages) {
        dev.replykb.eval.MessageSet set = dev.replykb.eval.MessageSet.parse(spec);
        out.println(dev.replykb.eval.MessageRates.of(set.name(), search, set.read(), t).row());
      }
    } finally {
      deleteTree(folder);
    }
    return 0;
  }

  private static void table(
      PrintWriter out,
      String grouping,
      Map<String, List<Evaluation.Outcome>> results,
      Function<Evaluation.Outcome, String> key) {
    StringBuilder header = new StringBuilder("| " + grouping + " | n |");
    StringBuilder rule = new StringBuilder("|---|---:|");
    for (String ranker : results.keySet()) {
      header.append(" ").append(ranker).append(" Hit@1 | MRR@10 | locale |");
      rule.append("---:|---:|---:|");
    }
    out.println(header);
    out.println(rule);
    Map<String, Map<String, List<Evaluation.Outcome>>> groups = new TreeMap<>();
    results.forEach(
        (ranker, outcomes) -> {
          for (Evaluation.Outcome o : outcomes) {
            groups
                .computeIfAbsent(key.apply(o), k -> new LinkedHashMap<>())
                .computeIfAbsent(ranker, r -> new ArrayList<>())
                .add(o);
          }
        });
    groups.forEach(
        (group, byRanker) -> {
          StringBuilder row = new StringBuilder("| " + group + " |");
          boolean first = true;
          for (String ranker : results.keySet()) {
            Scores s = Scores.of(byRanker.getOrDefault(ranker, List.of()));
            if (first) {
              row.append(" ").append(s.queries()).append(" |");
              first = false;
            }
            row.append(
                String.format(
                    Locale.ROOT,
                    " %.3f | %.3f | %.3f |",
                    s.hitAt1(),
                    s.mrrAt10(),
                    s.localeAccuracy()));
          }
          out.println(row);
        });
    out.println();
  }

  /**
   * For locale=auto rows whose expected variant is in the language of the message (not a fallback),
   * whether the detected language is that language.
   */
  private static void autoDetection(PrintWriter out, List<Evaluation.Outcome> outcomes) {
    int rows = 0;
    int right = 0;
    for (Evaluation.Outcome o : outcomes) {
      EvalQuery q = o.query();
      if (!q.locale().equalsIgnoreCase("auto") || q.kind().equals("fallback")) {
        continue;
      }
      rows++;
      String expected = com.ibm.icu.util.ULocale.forLanguageTag(q.expectedLocale()).getLanguage();
      String detected =
          o.detected() == null
              ? ""
              : com.ibm.icu.util.ULocale.forLanguageTag(o.detected()).getLanguage();
      if (expected.equals(detected)) {
        right++;
      }
    }
    if (rows > 0) {
      out.printf(
          Locale.ROOT,
          "locale=auto: the message's language detected in %d of %d rows (%.3f)%n%n",
          right,
          rows,
          (double) right / rows);
    }
  }

  private static void printMisses(PrintWriter out, List<Evaluation.Outcome> outcomes) {
    out.println("replykb misses (first result wrong, or right but served in the wrong locale):");
    int n = 0;
    for (Evaluation.Outcome o : outcomes) {
      if (o.localeRight()) {
        continue;
      }
      n++;
      EvalQuery q = o.query();
      out.printf(
          Locale.ROOT,
          "- line %d [%s] %s (locale %s%s): expected %s in %s, got %s in %s%s%n",
          q.line(),
          q.kind(),
          q.query(),
          q.locale(),
          o.detected() == null ? "" : ", detected " + o.detected(),
          q.expectedId(),
          q.expectedLocale(),
          o.top(),
          o.servedLocale(),
          o.rank() > 1
              ? " (expected at rank " + o.rank() + ")"
              : o.rank() == 0 && !o.hit() ? " (expected not in top 10)" : "");
    }
    if (n == 0) {
      out.println("- none");
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
