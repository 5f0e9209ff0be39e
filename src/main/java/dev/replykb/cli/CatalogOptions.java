package dev.replykb.cli;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

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

  /** Loads a catalog folder given on the command line. */
  record Loader(Path templates) {
    Catalog load() throws IOException {
      return new CatalogLoader().load(templates);
    }
  }
}
