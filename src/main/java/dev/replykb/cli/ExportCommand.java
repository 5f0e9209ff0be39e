package dev.replykb.cli;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.Catalog;
import dev.replykb.locale.LocaleTags;
import dev.replykb.translate.XliffExchange;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Writes an XLIFF 2.0 file of a locale's missing and outdated translations. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write an XLIFF 2.0 file of a locale's missing and outdated translations.")
final class ExportCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalogOptions;
  @Spec CommandSpec spec;

  @Option(names = "--locale", paramLabel = "TAG", required = true, description = "target locale")
  String locale;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "xliff",
      description = "xliff (XLIFF 2.0; the only format)")
  String format;

  @Option(
      names = {"--output", "-o"},
      paramLabel = "FILE",
      description = "file to write (default: standard output)")
  Path output;

  @Option(names = "--all", description = "also export current translations (state translated)")
  boolean all;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("xliff")) {
      throw new ParameterException(spec.commandLine(), "--format must be xliff");
    }
    ULocale target;
    try {
      target = LocaleTags.parse(locale);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--locale: " + e.getMessage());
    }
    Catalog catalog = catalogOptions.load();
    if (target.equals(catalog.settings().sourceLocale())) {
      throw new ParameterException(
          spec.commandLine(),
          "--locale: " + locale + " is the source locale; export a locale to translate into");
    }
    XliffExchange.Exported exported;
    if (output == null) {
      Writer out = spec.commandLine().getOut();
      exported = XliffExchange.export(catalog, target, all, out);
      out.flush();
    } else {
      try (Writer out =
          new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8)) {
        exported = XliffExchange.export(catalog, target, all, out);
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        java.util.Locale.ROOT,
        "%s: %d templates (%d missing, %d outdated or untracked, %d current)%n",
        output == null ? "exported" : output,
        exported.templates(),
        exported.missing(),
        exported.outdated(),
        exported.current());
    return 0;
  }
}
