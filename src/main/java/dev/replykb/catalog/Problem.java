package dev.replykb.catalog;

/**
 * A file of the catalog that could not be used, with where and why.
 *
 * @param file the path relative to the catalog folder, with forward slashes
 * @param line the 1-based line the problem is on, or 0 when it concerns the whole file
 * @param reason what is wrong, quoting the offending input
 */
public record Problem(String file, int line, String reason) {

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
  }
}
