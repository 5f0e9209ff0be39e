package dev.replykb.cli;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.locale.LocaleTags;
import dev.replykb.translate.SourceHistory;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every command shares: where the catalog and its index live. */
final class CatalogOptions {
  @Option(
      names = "--templates",
      paramLabel = "DIR",
      defaultValue = "templates",
      description = "catalog folder (default: ${DEFAULT-VALUE})")
  Path templates;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      defaultValue = "index",
      description = "index folder, rebuilt when the catalog changes (default: ${DEFAULT-VALUE})")
  Path index;

  Catalog load() throws IOException {
    return new Loader(templates).load();
  }

  /** The earlier source texts kept beside the index, for showing translators what changed. */
  SourceHistory history() {
    return new SourceHistory(index.resolve("source-history"));
  }

  /**
   * The canonical tag of a {@code --locale} option that must name a locale folder of {@code
   * catalog} ({@code zh-hant} is {@code zh-Hant}), or null when the option is absent.
   *
   * @throws ParameterException for a malformed tag or a locale the catalog does not have
   */
  static String catalogLocale(String option, Catalog catalog, CommandSpec spec) {
    if (option == null) {
      return null;
    }
    String tag;
    try {
      tag = LocaleTags.parse(option).toLanguageTag();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--locale: " + e.getMessage());
    }
    if (!catalog.variantCountsByLocale().containsKey(tag)) {
      throw new ParameterException(
          spec.commandLine(),
          "--locale: the catalog has no "
              + tag
              + " variants; its locales are "
              + String.join(", ", catalog.variantCountsByLocale().keySet()));
    }
    return tag;
  }

  /** Loads a catalog folder given on the command line. */
  record Loader(Path templates) {
    Catalog load() throws IOException {
      return new CatalogLoader().load(templates);
    }
  }
}
