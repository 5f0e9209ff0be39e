package dev.replykb.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replykb.catalog.AtomicFile;
import dev.replykb.catalog.TemplateId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often agents sent each template, by locale, kept in a small JSON file beside the index.
 *
 * <p>The counts are not index content, so they survive rebuilds and restarts: the index is
 * disposable, what agents did is not. Each recorded use is written before it is acknowledged, to a
 * temporary file that is forced to disk and then renamed over the old one, so a crash leaves either
 * the old or the new file, never a partial one. An unreadable file is kept aside (renamed with a
 * {@code .corrupt-} suffix) and counting starts again.
 *
 * <p>Thread-safe: reads are lock-free; writes are serialized.
 */
public final class UsageCounts {
  private static final Logger LOG = LoggerFactory.getLogger(UsageCounts.class);
  static final String FILE_NAME = "usage.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final ConcurrentMap<String, ConcurrentMap<String, Long>> counts =
      new ConcurrentHashMap<>();

  private UsageCounts(Path file) {
    this.file = file;
  }

  /**
   * The counts kept in {@code folder}, read now; an absent file means no use yet. The temporary
   * files of writes that a crash interrupted are deleted (see {@link AtomicFile#removeStale}).
   */
  static UsageCounts in(Path folder) throws IOException {
    UsageCounts usage = new UsageCounts(folder.resolve(FILE_NAME));
    usage.read();
    try {
      int removed = AtomicFile.removeStale(folder);
      if (removed > 0) {
        LOG.info("Removed {} temporary file(s) of interrupted writes in {}", removed, folder);
      }
    } catch (IOException e) {
      LOG.warn(
          "Removing temporary files of interrupted writes in {} failed: {}", folder, e.toString());
    }
    return usage;
  }

  private void read() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try {
      Stored stored = JSON.readValue(file.toFile(), Stored.class);
      if (stored.templates() != null) {
        stored
            .templates()
            .forEach((id, byLocale) -> counts.put(id, new ConcurrentHashMap<>(byLocale)));
      }
    } catch (IOException e) {
      Path aside = file.resolveSibling(FILE_NAME + ".corrupt-" + Instant.now().toEpochMilli());
      Files.move(file, aside);
      LOG.warn(
          "Usage counts in {} are unreadable ({}); kept as {} and starting again",
          file,
          e.getMessage(),
          aside);
    }
  }

  /** The file's shape: uses by locale by template id. */
  record Stored(int version, Map<String, Map<String, Long>> templates) {}

  /** Records that an agent sent {@code id} in {@code locale}, durably; returns the new total. */
  public synchronized long record(TemplateId id, String locale) {
    counts
        .computeIfAbsent(id.toString(), k -> new ConcurrentHashMap<>())
        .merge(locale, 1L, Long::sum);
    try {
      write();
    } catch (IOException e) {
      // Undo, so memory never claims a use the file does not have.
      counts.get(id.toString()).merge(locale, -1L, Long::sum);
      throw new UncheckedIOException("cannot save usage counts to " + file, e);
    }
    return total(id);
  }

  /** How often {@code id} was sent, in every locale. */
  public long total(TemplateId id) {
    Map<String, Long> byLocale = counts.get(id.toString());
    return byLocale == null ? 0 : byLocale.values().stream().mapToLong(Long::longValue).sum();
  }

  /** How often {@code id} was sent, by locale. */
  public Map<String, Long> byLocale(TemplateId id) {
    Map<String, Long> byLocale = counts.get(id.toString());
    return byLocale == null ? Map.of() : new TreeMap<>(byLocale);
  }

  private void write() throws IOException {
    Map<String, Map<String, Long>> snapshot = new TreeMap<>();
    counts.forEach((id, byLocale) -> snapshot.put(id, new TreeMap<>(byLocale)));
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Stored(1, snapshot));
    AtomicFile.write(file, bytes);
  }

  /** For tests of the file's content. */
  static Map<String, Map<String, Long>> readFile(Path folder) throws IOException {
    return JSON.readValue(folder.resolve(FILE_NAME).toFile(), new TypeReference<Stored>() {})
        .templates();
  }
}
