package dev.replykb.cli;

import dev.replykb.locale.BuyerLocale;
import dev.replykb.locale.LocalePreferences;
import dev.replykb.search.Reply;
import dev.replykb.search.ReplySearch;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Searches from the terminal and prints the best templates as a table. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = "Search the catalog and print the best templates; exit 1 when nothing matches.")
final class SearchCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalogOptions;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "QUERY", arity = "1..*", description = "words to search for")
  List<String> words;

  @Option(
      names = "--locale",
      paramLabel = "TAG",
      description =
          "the buyer's locale, an Accept-Language list, or auto for the language of the query"
              + " (default: the fallback locale)")
  String locale;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "10",
      description = "number of templates to show, 1 to 100 (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--category", paramLabel = "NAME", description = "only this category")
  String category;

  @Option(
      names = "--explain",
      description = "also print the best variants with their scores split by field")
  boolean explain;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String query = String.join(" ", words);
    if (locale != null && !locale.strip().equalsIgnoreCase(BuyerLocale.AUTO)) {
      try {
        LocalePreferences.parse(locale);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--locale: " + e.getMessage());
      }
    }
    if (limit < 1 || limit > ReplySearch.MAX_LIMIT) {
      throw new ParameterException(
          spec.commandLine(), "--limit must be between 1 and " + ReplySearch.MAX_LIMIT);
    }
    if (!java.nio.file.Files.isDirectory(catalogOptions.templates)) {
      throw new java.io.IOException(
          "catalog folder '" + catalogOptions.templates + "' does not exist or is not a folder");
    }
    // Opened as serve opens it: the texts in a mapped file beside the index, not on the heap (a
    // million variants' did not fit in 512 MB), and from the snapshot there when it is current.
    // The replies are printed before it closes: their texts are read from that file.
    try (ReplySearch search =
        ReplySearch.openFolder(catalogOptions.templates, catalogOptions.index)) {
      // What changed on disk since the snapshot, taken in before the search.
      search.awaitBackground();
      BuyerLocale buyer = BuyerLocale.resolve(locale, null, query, search.detector());
      List<Reply> replies;
      try {
        if (explain) {
          search.explain(query, limit).forEach(out::println);
        }
        replies = search.search(query, buyer.preferences(), category, limit);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (buyer.auto()) {
        out.println(
            "detected language: "
                + (buyer.detected() == null ? "none" : buyer.detected().toLanguageTag()));
      }
      if (replies.isEmpty()) {
        spec.commandLine().getErr().println("no template matches '" + query + "'");
        return 1;
      }
      print(out, replies);
    }
    return 0;
  }

  private static void print(PrintWriter out, List<Reply> replies) {
    out.printf(Locale.ROOT, "%-3s %7s  %-30s %-8s %s%n", "#", "score", "id", "locale", "title");
    int rank = 1;
    for (Reply reply : replies) {
      String served = reply.choice().served().toLanguageTag();
      String note =
          reply.choice().fallback()
              ? "  (fallback: no " + reply.choice().requested().toLanguageTag() + " variant)"
              : reply.choice().isConverted()
                  ? "  (converted from " + reply.choice().convertedFrom().toLanguageTag() + ")"
                  : "";
      out.printf(
          Locale.ROOT,
          "%-3d %7.2f  %-30s %-8s %s%s%n",
          rank++,
          reply.score(),
          reply.template().id(),
          served,
          reply.variant().title(),
          note);
    }
  }
}
