package dev.replykb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.replykb.catalog.Catalog;
import dev.replykb.translate.TranslationStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints where each locale's translations stand: current, outdated, untracked, missing. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Translation status per locale: counts, percent complete, what needs work.")
final class StatusCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalogOptions;
  @Spec CommandSpec spec;

  @Option(names = "--locale", paramLabel = "TAG", description = "only this locale")
  String locale;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE})")
  String format;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Catalog catalog = catalogOptions.load();
    TranslationStatus status = TranslationStatus.of(catalog);
    List<TranslationStatus.LocaleSummary> summaries = status.summaries(locale);
    if (locale != null && summaries.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--locale: the catalog has no translations in '" + locale + "'");
    }
    if (format.equals("json")) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(status.report(locale)));
      return 0;
    }
    if (!format.equals("text")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--format must be text or json");
    }
    out.printf(
        Locale.ROOT, "source locale %s, %s%n%n", status.sourceLocale(), catalogOptions.templates);
    out.printf(
        Locale.ROOT,
        "%-8s %9s %8s %9s %8s %9s%n",
        "locale",
        "complete",
        "current",
        "outdated",
        "missing",
        "untracked");
    for (TranslationStatus.LocaleSummary s : summaries) {
      out.printf(
          Locale.ROOT,
          "%-8s %8.1f%% %8d %9d %8d %9d%n",
          s.locale(),
          s.percentComplete(),
          s.current(),
          s.outdated(),
          s.missing(),
          s.untracked());
    }
    for (TranslationStatus.LocaleSummary s : summaries) {
      if (!s.outdatedIds().isEmpty()) {
        out.println();
        out.println(s.locale() + " outdated: " + String.join(", ", s.outdatedIds()));
      }
      if (!s.missingIds().isEmpty()) {
        out.println();
        out.println(s.locale() + " missing: " + String.join(", ", s.missingIds()));
      }
    }
    if (!status.withoutSource().isEmpty()) {
      out.println();
      out.println(
          "no "
              + status.sourceLocale()
              + " source variant: "
              + String.join(", ", status.withoutSource()));
    }
    return 0;
  }
}
