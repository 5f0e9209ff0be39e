package dev.replykb.cli;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogStore;
import dev.replykb.catalog.TemplateId;
import dev.replykb.translate.CatalogEditor;
import dev.replykb.translate.SourceHistory;
import dev.replykb.translate.XliffExchange;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Applies a translated XLIFF 2.0 file to the catalog through the same checks and atomic writes as
 * editing over HTTP. It writes files only: a running server takes them in by watching the folder.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Apply a translated XLIFF 2.0 file; exit 1 when a translation was rejected or conflicts.")
final class ImportCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalogOptions;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "the XLIFF 2.0 file")
  Path file;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "no such file: " + file);
    }
    PrintWriter out = spec.commandLine().getOut();
    Catalog catalog = catalogOptions.load();
    CatalogEditor editor = new CatalogEditor(CatalogStore.files(catalog));
    List<XliffExchange.Outcome> outcomes;
    try {
      outcomes = XliffExchange.importFile(file, catalog, editor);
    } catch (IllegalArgumentException e) {
      // A failure, not a usage error: the command line was right, the file is not.
      throw new IllegalArgumentException(
          file + " is not a usable XLIFF 2.0 file: " + e.getMessage(), e);
    }
    SourceHistory history = catalogOptions.history();
    String source = catalog.settings().sourceLocale().toLanguageTag();
    for (XliffExchange.Outcome o : outcomes) {
      out.println(o.result() + " " + o.id() + (o.message() == null ? "" : ": " + o.message()));
      if (Set.of("created", "updated", "confirmed").contains(o.result())) {
        // The text translated from, for the comparison once the source changes.
        catalog
            .template(TemplateId.parse(o.id()))
            .flatMap(t -> t.variant(source))
            .ifPresent(history::keep);
      }
    }
    long failed = count(outcomes, "rejected") + count(outcomes, "conflict");
    out.printf(
        java.util.Locale.ROOT,
        "%d created, %d updated, %d confirmed, %d unchanged, %d skipped, %d rejected, %d conflicts%n",
        count(outcomes, "created"),
        count(outcomes, "updated"),
        count(outcomes, "confirmed"),
        count(outcomes, "unchanged"),
        count(outcomes, "skipped"),
        count(outcomes, "rejected"),
        count(outcomes, "conflict"));
    return failed > 0 ? 1 : 0;
  }

  private static long count(List<XliffExchange.Outcome> outcomes, String result) {
    return outcomes.stream().filter(o -> o.result().equals(result)).count();
  }
}
