package dev.replykb.cli;

import dev.replykb.catalog.CatalogLoader;
import dev.replykb.eval.Calibration;
import dev.replykb.eval.EvalQueries;
import dev.replykb.eval.LabelledMessages;
import dev.replykb.eval.MessageRates;
import dev.replykb.eval.MessageSet;
import dev.replykb.search.ReplySearch;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Fits the confidence model on labelled queries and messages and prints its weights, how well it
 * separates right from wrong answers, and the message rates at candidate thresholds.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = "Fit the confidence model on labelled queries and buyer messages.")
final class CalibrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--queries", paramLabel = "FILE", description = "labelled queries (eval format)")
  Path queries;

  @Option(
      names = "--queries-templates",
      paramLabel = "DIR",
      description = "the catalog the labelled queries are for")
  Path queriesTemplates;

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      defaultValue = "templates",
      description = "the catalog the messages are mapped to (default: ${DEFAULT-VALUE})")
  Path templates;

  @Option(
      names = "--messages",
      paramLabel = "FILE,TEXT,LABEL,MAP",
      description =
          "labelled messages: CSV file, text column, label column, intent map (repeatable)")
  List<String> messages = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ((queries == null || queriesTemplates == null) && messages.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "nothing to fit on: give --queries with --queries-templates, or --messages");
    }
    List<Calibration.Sample> samples = new ArrayList<>();
    Map<String, List<LabelledMessages.Message>> sets = new LinkedHashMap<>();
    if (queries != null && queriesTemplates != null) {
      try (ReplySearch search =
          ReplySearch.open(
              new CatalogLoader().load(queriesTemplates),
              Files.createTempDirectory("replykb-cal"))) {
        samples.addAll(Calibration.fromQueries("queries", search, EvalQueries.read(queries)));
      }
    }
    try (ReplySearch search =
        ReplySearch.open(
            new CatalogLoader().load(templates), Files.createTempDirectory("replykb-cal"))) {
      for (String spec : messages) {
        MessageSet set = MessageSet.parse(spec);
        List<LabelledMessages.Message> read = set.read();
        sets.put(set.name(), read);
        samples.addAll(Calibration.fromMessages(set.name(), search, read));
      }
      Calibration.Model model = Calibration.fit(samples);
      out.println("samples: " + samples.size());
      out.println("weights: " + round(model.weights()));
      out.printf(Locale.ROOT, "intercept: %.4f%n", model.intercept());
      out.printf(Locale.ROOT, "AUC of first results: %.3f%n", Calibration.auc(samples, model));
      out.println();
      out.println("calibration of first results (predicted → observed):");
      for (double lo = 0; lo < 1; lo += 0.1) {
        int n = 0;
        int right = 0;
        for (Calibration.Sample s : samples) {
          double p = model.probability(s.features());
          if (s.rank() == 0 && p >= lo && p < lo + 0.1) {
            n++;
            right += s.right() ? 1 : 0;
          }
        }
        if (n > 0) {
          out.printf(
              Locale.ROOT,
              "  %.1f–%.1f: %4d results, %.2f right%n",
              lo,
              lo + 0.1,
              n,
              (double) right / n);
        }
      }
      out.println();
      out.println("message rates with the current model at thresholds (fit the weights in first):");
      for (double t : new double[] {0.3, 0.4, 0.5, 0.6}) {
        out.printf(Locale.ROOT, "threshold %.1f%n%s%n", t, MessageRates.header());
        for (Map.Entry<String, List<LabelledMessages.Message>> set : sets.entrySet()) {
          out.println(MessageRates.of(set.getKey(), search, set.getValue(), t).row());
        }
      }
    }
    return 0;
  }

  private static List<Double> round(double[] values) {
    List<Double> rounded = new ArrayList<>();
    for (double v : values) {
      rounded.add(Math.round(v * 10000) / 10000.0);
    }
    return rounded;
  }
}
