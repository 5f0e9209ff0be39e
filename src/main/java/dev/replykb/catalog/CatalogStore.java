package dev.replykb.catalog;

import java.io.IOException;
import java.util.Collection;

/**
 * Where the current version of a catalog lives and how it takes in changed files: the search (which
 * also updates its index) when serving, or the files alone for a command-line tool.
 */
public interface CatalogStore {
  /** The current version. */
  Catalog catalog();

  /** Takes in files (relative paths) written, created or deleted; returns the new version. */
  Catalog refresh(Collection<String> changedFiles) throws IOException;

  /** A store over the files alone, for tools that run beside (or without) a server. */
  static CatalogStore files(Catalog initial) {
    CatalogLoader loader = new CatalogLoader();
    return new CatalogStore() {
      private volatile Catalog current = initial;

      @Override
      public Catalog catalog() {
        return current;
      }

      @Override
      public synchronized Catalog refresh(Collection<String> changedFiles) throws IOException {
        current = loader.reload(current, changedFiles);
        return current;
      }
    };
  }
}
