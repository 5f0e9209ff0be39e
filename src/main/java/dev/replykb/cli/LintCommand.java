package dev.replykb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.replykb.catalog.Catalog;
import dev.replykb.translate.Finding;
import dev.replykb.translate.Lint;
import dev.replykb.translate.Severity;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the quality checks and house rules; exits 1 when any red finding exists. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description =
        "Check every variant: placeholders, plurals, typography, channel and house rules.")
final class LintCommand implements Callable<Integer> {
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
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--format must be text or json");
    }
    Catalog catalog = catalogOptions.load();
    List<Finding> findings =
        Lint.of(catalog).run(CatalogOptions.catalogLocale(locale, catalog, spec));
    if (format.equals("json")) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(Finding.report(findings)));
    } else {
      for (Finding f : findings) {
        out.println(catalogOptions.templates + "/" + f);
      }
      long red = findings.stream().filter(f -> f.severity() == Severity.RED).count();
      out.printf(java.util.Locale.ROOT, "%d red, %d yellow%n", red, findings.size() - red);
    }
    return Lint.anyRed(findings) ? 1 : 0;
  }
}
