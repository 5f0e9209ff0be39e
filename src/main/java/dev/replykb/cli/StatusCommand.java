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
import picocli.CommandLine.ParameterException;
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
    if (!format.equals("text") && !format.equals("json")) {
      throw new ParameterException(spec.commandLine(), "--format must be text or json");
    }
    Catalog catalog = catalogOptions.load();
    String only = CatalogOptions.catalogLocale(locale, catalog, spec);
    TranslationStatus status = TranslationStatus.of(catalog);
    if (only != null && only.equals(status.sourceLocale())) {
      throw new ParameterException(
          spec.commandLine(), "--locale: " + only + " is the source locale, not a translation");
    }
    List<TranslationStatus.LocaleSummary> summaries = status.summaries(only);
    if (format.equals("json")) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(status.report(only)));
      return 0;
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
      if (!s.untrackedIds().isEmpty()) {
        out.println();
        out.println(
            s.locale() + " untracked (no source-hash): " + String.join(", ", s.untrackedIds()));
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
