package dev.replykb.translate;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.AtomicFile;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.CatalogStore;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and deletes variant files safely, for translators editing over HTTP or importing XLIFF.
 *
 * <p>Every write is conditional on the file's entity tag (so two translators never overwrite each
 * other silently), checked before it is written (a red finding rejects it, nothing written), gets
 * the current {@code source-hash} when it is a translation, and is written atomically: a temporary
 * file in the same folder, forced to disk, renamed over the old one, the folder forced too. A crash
 * leaves the old file or the new one, never half of one. The search takes the change in before the
 * write returns.
 *
 * <p>Thread-safe: writes are serialized.
 */
public final class CatalogEditor {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogEditor.class);

  private final CatalogStore search;
  private final CatalogLoader loader = new CatalogLoader();
  private final ReentrantLock lock = new ReentrantLock();

  /** An editor of the catalog in {@code store}, which takes in every change it writes. */
  public CatalogEditor(CatalogStore store) {
    this.search = store;
  }

  /** What a variant file says: front matter and body. Null or empty fields are left out. */
  public record Draft(
      String title,
      List<String> tags,
      List<String> examples,
      String channel,
      String tone,
      String shortcut,
      List<String> omits,
      String body) {}

  /** What a write did: the file, its new entity tag, the source hash recorded, what lint said. */
  public record Written(
      String file, String etag, String sourceHash, boolean created, List<Finding> findings) {}

  /** A write refused because the file is not the version the writer had. */
  public static final class Conflict extends Exception {
    private static final long serialVersionUID = 1L;
    private final String currentEtag;

    Conflict(String message, String currentEtag) {
      super(message);
      this.currentEtag = currentEtag;
    }

    /** The entity tag of the file as it is now, or null when there is none. */
    public String currentEtag() {
      return currentEtag;
    }
  }

  /** A write without the condition it needs: If-Match for an existing file. */
  public static final class PreconditionRequired extends Exception {
    private static final long serialVersionUID = 1L;

    PreconditionRequired(String message) {
      super(message);
    }
  }

  /** A write refused by the checks: red findings, nothing written. */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Finding> findings;

    Rejected(List<Finding> findings) {
      super(
          "the checks found "
              + findings.stream().filter(f -> f.severity() == Severity.RED).count()
              + " red problem(s); nothing was written");
      this.findings = List.copyOf(findings);
    }

    public List<Finding> findings() {
      return findings;
    }
  }

  /** The path of a variant file, relative to the catalog folder. */
  public static String file(TemplateId id, ULocale locale) {
    return locale.toLanguageTag() + "/" + id.category() + "/" + id.name() + ".md";
  }

  /** The entity tag of a variant file as it is on disk now, or null when there is no such file. */
  public String etag(TemplateId id, ULocale locale) throws IOException {
    return etagOf(search.catalog().root().resolve(file(id, locale)));
  }

  /**
   * Writes a variant.
   *
   * @param ifMatch the entity tag the writer read; required when the file exists
   * @param ifNoneMatch {@code *} to create only a file that does not exist yet
   */
  public Written put(TemplateId id, ULocale locale, Draft draft, String ifMatch, String ifNoneMatch)
      throws IOException, Conflict, PreconditionRequired, Rejected {
    return put(id, locale, draft, ifMatch, ifNoneMatch, null);
  }

  /**
   * As {@link #put(TemplateId, ULocale, Draft, String, String)}, recording {@code sourceHash} (when
   * not null) rather than the current source's: for a translation made from an older version of the
   * source, as an XLIFF file exported earlier, which then shows as outdated.
   */
  public Written put(
      TemplateId id,
      ULocale locale,
      Draft draft,
      String ifMatch,
      String ifNoneMatch,
      String translatedFromHash)
      throws IOException, Conflict, PreconditionRequired, Rejected {
    lock.lock();
    try {
      Catalog catalog = search.catalog();
      String relative = file(id, locale);
      Path path = catalog.root().resolve(relative);
      String current = etagOf(path);
      checkPreconditions(relative, current, ifMatch, ifNoneMatch);
      Pending pending = pending(catalog, id, locale, draft, translatedFromHash);
      if (Lint.anyRed(pending.findings())) {
        throw new Rejected(pending.findings());
      }
      byte[] bytes = pending.bytes();
      String sourceHash = pending.sourceHash();
      List<Finding> findings = pending.findings();
      AtomicFile.write(path, bytes);
      LOG.info("Wrote {}", catalog.root().resolve(relative));
      search.refresh(Set.of(relative));
      return new Written(relative, etagOf(bytes), sourceHash, current == null, findings);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The findings a write of {@code draft} would get, without writing: for checking a translation as
   * the translator types.
   */
  public List<Finding> check(TemplateId id, ULocale locale, Draft draft) throws IOException {
    return pending(search.catalog(), id, locale, draft, null).findings();
  }

  /** A file as a write would make it: its bytes, the source hash it records, its findings. */
  private record Pending(byte[] bytes, String sourceHash, List<Finding> findings) {}

  private Pending pending(
      Catalog catalog, TemplateId id, ULocale locale, Draft draft, String translatedFromHash)
      throws IOException {
    String sourceTag = catalog.settings().sourceLocale().toLanguageTag();
    String sourceHash = null;
    if (!locale.toLanguageTag().equals(sourceTag)) {
      if ((draft.channel() != null && !draft.channel().isBlank())
          || (draft.shortcut() != null && !draft.shortcut().isBlank())) {
        throw new IllegalArgumentException(
            "channel and shortcut are set on the "
                + sourceTag
                + " source variant; translations inherit them");
      }
      Variant source = catalog.template(id).flatMap(t -> t.variant(sourceTag)).orElse(null);
      if (translatedFromHash != null) {
        sourceHash = translatedFromHash;
      } else if (source != null) {
        sourceHash = SourceHash.of(source.title(), source.body().pattern());
      }
    }
    byte[] bytes = VariantText.of(draft, sourceHash).getBytes(StandardCharsets.UTF_8);
    String relative = file(id, locale);
    Catalog preview = loader.preview(catalog, relative, bytes);
    List<Finding> findings =
        new Lint(preview, HouseRules.load(catalog.root()), relative, bytes).runFile(relative);
    return new Pending(bytes, sourceHash, findings);
  }

  /** Deletes a variant; {@code ifMatch} must be the file's current entity tag. */
  public String delete(TemplateId id, ULocale locale, String ifMatch)
      throws IOException, Conflict, PreconditionRequired {
    lock.lock();
    try {
      Catalog catalog = search.catalog();
      String relative = file(id, locale);
      Path path = catalog.root().resolve(relative);
      String current = etagOf(path);
      if (current == null) {
        return null;
      }
      checkPreconditions(relative, current, ifMatch, null);
      AtomicFile.delete(path);
      LOG.info("Deleted {}", catalog.root().resolve(relative));
      search.refresh(Set.of(relative));
      return relative;
    } finally {
      lock.unlock();
    }
  }

  private static void checkPreconditions(
      String relative, String current, String ifMatch, String ifNoneMatch)
      throws Conflict, PreconditionRequired {
    if (current == null) {
      if (ifMatch != null && !ifMatch.equals("*")) {
        throw new Conflict(relative + " does not exist (any more)", null);
      }
      return;
    }
    if ("*".equals(ifNoneMatch)) {
      throw new Conflict(relative + " exists already", current);
    }
    if (ifMatch == null) {
      throw new PreconditionRequired(
          relative
              + " exists: send If-Match with its ETag ("
              + current
              + ") so no one's edit is lost");
    }
    if (!ifMatch.equals("*") && !ifMatch.equals(current)) {
      throw new Conflict(relative + " changed since it was read (now " + current + ")", current);
    }
  }

  /** The entity tag of a file as it is on disk, or null when there is none. */
  private static String etagOf(Path path) throws IOException {
    return Files.isRegularFile(path) ? etagOf(Files.readAllBytes(path)) : null;
  }

  /** A strong entity tag of file bytes: the first 16 hex characters of their SHA-256, quoted. */
  public static String etagOf(byte[] bytes) {
    try {
      return "\""
          + HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
              .substring(0, 16)
          + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
