package dev.replykb.cli;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Problem;
import dev.replykb.search.ReplySearch;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Checks the catalog and brings its index up to date. Exits 1 listing every problem, so a broken
 * file fails a build or a pre-commit hook; the valid files are still indexed.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Check the catalog and build its index; exit 1 if any file has a problem.")
final class IndexCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalogOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReplySearch.Indexed indexed = ReplySearch.index(catalogOptions.templates, catalogOptions.index);
    Catalog catalog = indexed.catalog();
    out.printf(
        Locale.ROOT,
        "%s: %d templates, %d variants in %d locales; index %s in %s%n",
        catalogOptions.templates,
        catalog.templates().size(),
        catalog.variantCount(),
        catalog.variantCountsByLocale().size(),
        indexed.rebuilt()
            ? "rebuilt"
            : indexed.updatedTemplates() > 0
                ? "updated (" + indexed.updatedTemplates() + " changed templates reindexed)"
                : "already current",
        catalogOptions.index);
    for (Problem problem : catalog.problems()) {
      err.println(catalogOptions.templates + "/" + problem);
    }
    if (!catalog.problems().isEmpty()) {
      err.printf(
          Locale.ROOT,
          "%d problem(s): these files are not served until fixed%n",
          catalog.problems().size());
      return 1;
    }
    return 0;
  }
}
