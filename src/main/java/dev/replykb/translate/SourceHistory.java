package dev.replykb.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replykb.catalog.AtomicFile;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Earlier texts of source variants, kept by their {@link SourceHash}, so that a translator looking
 * at an outdated translation sees what changed in the source since it was translated.
 *
 * <p>A source's text is kept when a translation of it is saved through replykb, and when it changes
 * while replykb serves the catalog (an edit over HTTP, a save in an editor, a {@code git pull}):
 * each version is a small file {@code <hash>.json} in the history folder, beside the index. A
 * translation made by hand whose source then changed while no server ran has no earlier text on
 * record; losing the folder loses only these comparisons.
 *
 * <p>Thread-safe.
 */
public final class SourceHistory {
  private static final Logger LOG = LoggerFactory.getLogger(SourceHistory.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");

  /** One version of a source variant. */
  public record Version(String hash, String title, String body) {}

  private final Path folder;

  /** The history kept in {@code folder}, created when first written. */
  public SourceHistory(Path folder) {
    this.folder = folder;
  }

  /** A history that keeps nothing, for servers that do not edit. */
  public static SourceHistory none() {
    return new SourceHistory(null);
  }

  /**
   * Keeps the source texts of {@code changed} templates that {@code previous} had and {@code next}
   * no longer has. Never fails: a history that cannot be written is logged and left out.
   */
  public void record(Catalog previous, Catalog next, Collection<TemplateId> changed) {
    if (folder == null) {
      return;
    }
    String source = previous.settings().sourceLocale().toLanguageTag();
    for (TemplateId id : changed) {
      Variant before = previous.template(id).flatMap(t -> t.variant(source)).orElse(null);
      if (before == null) {
        continue;
      }
      Variant after = next.template(id).flatMap(t -> t.variant(source)).orElse(null);
      if (after != null
          && after.title().equals(before.title())
          && after.body().pattern().equals(before.body().pattern())) {
        continue; // a tag or an example changed: the text to translate did not
      }
      keep(before);
    }
  }

  /**
   * Keeps {@code source}'s current text: called when a translation of it is saved, so that the text
   * it was translated from stays known however the source changes later.
   */
  public void keep(Variant source) {
    if (folder == null) {
      return;
    }
    String hash = SourceHash.of(source.title(), source.body().pattern());
    Path file = folder.resolve(hash + ".json");
    if (Files.exists(file)) {
      return;
    }
    try {
      AtomicFile.write(
          file, JSON.writeValueAsBytes(new Version(hash, source.title(), source.body().pattern())));
    } catch (IOException e) {
      LOG.warn("The earlier text of {} could not be kept: {}", source.file(), e.toString());
    }
  }

  /** The source text that had {@code hash}, when it is on record. */
  public Optional<Version> find(String hash) {
    if (folder == null || hash == null || !HASH.matcher(hash).matches()) {
      return Optional.empty(); // never a path: the hash comes from a file anyone may edit
    }
    Path file = folder.resolve(hash + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Version.class));
    } catch (IOException e) {
      LOG.warn("{} is unreadable: {}", file, e.toString());
      return Optional.empty();
    }
  }
}
