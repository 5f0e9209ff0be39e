package dev.replykb.translate;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.LocaleTags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.sf.okapi.lib.xliff2.InvalidParameterException;
import net.sf.okapi.lib.xliff2.XLIFFException;
import net.sf.okapi.lib.xliff2.core.Note;
import net.sf.okapi.lib.xliff2.core.Segment;
import net.sf.okapi.lib.xliff2.core.StartFileData;
import net.sf.okapi.lib.xliff2.core.StartXliffData;
import net.sf.okapi.lib.xliff2.core.TargetState;
import net.sf.okapi.lib.xliff2.core.Unit;
import net.sf.okapi.lib.xliff2.reader.Event;
import net.sf.okapi.lib.xliff2.reader.XLIFFReader;
import net.sf.okapi.lib.xliff2.writer.XLIFFWriter;

/**
 * Exchange with translation tools in XLIFF 2.0 (Okapi's library).
 *
 * <p>Export writes, for one target locale, a unit per text to translate: {@code
 * <category>.<name>.title} and {@code <category>.<name>.body}, the source text, the existing
 * translation if any, the state ({@code initial} for missing and outdated, {@code translated} for
 * current), and notes: the template's title, channel and tone, the placeholders to keep, and the
 * source hash the unit was exported from. Import writes each translated text back through the
 * {@link CatalogEditor} (its checks and atomic writes), recording that source hash, so a source
 * that changed after the export shows the imported translation as outdated.
 */
public final class XliffExchange {
  static final String TITLE = ".title";
  static final String BODY = ".body";
  static final String HASH_NOTE = "source-hash";
  static final String ETAG_NOTE = "etag";

  /** The etag note of a unit whose file did not exist at the export. */
  static final String NO_FILE = "none";

  private XliffExchange() {}

  /** What export wrote: unit counts by state. */
  public record Exported(int templates, int missing, int outdated, int current) {}

  /**
   * Writes the XLIFF of {@code locale}: its missing and outdated templates, and the current ones
   * too when {@code all}.
   */
  public static Exported export(Catalog catalog, ULocale locale, boolean all, Writer out) {
    String target = locale.toLanguageTag();
    String sourceTag = catalog.settings().sourceLocale().toLanguageTag();
    if (target.equals(sourceTag)) {
      throw new IllegalArgumentException(
          target + " is the source locale: nothing to translate into it");
    }
    TranslationStatus status = TranslationStatus.of(catalog);
    Map<String, TranslationStatus.State> states = new LinkedHashMap<>();
    for (TranslationStatus.Entry e : status.entries(target)) {
      states.put(e.id(), e.state());
    }
    if (states.isEmpty()) {
      // A locale with no variant yet: every template with a source is missing.
      for (Template t : catalog.templates()) {
        if (t.variant(sourceTag).isPresent()) {
          states.put(t.id().toString(), TranslationStatus.State.MISSING);
        }
      }
    }
    int missing = 0;
    int outdated = 0;
    int current = 0;
    int templates = 0;
    try (XLIFFWriter writer = new XLIFFWriter()) {
      writer.setUseIndentation(true);
      writer.setLineBreak("\n");
      writer.create(out, sourceTag, target);
      StartXliffData start = new StartXliffData(null);
      start.setSourceLanguage(sourceTag);
      start.setTargetLanguage(target);
      writer.writeStartDocument(start, "replykb export of " + target);
      StartFileData file = new StartFileData("f1");
      file.setOriginal("templates/" + target);
      writer.writeStartFile(file);
      for (Map.Entry<String, TranslationStatus.State> e : states.entrySet()) {
        TranslationStatus.State state = e.getValue();
        boolean wanted =
            state == TranslationStatus.State.MISSING
                || state == TranslationStatus.State.OUTDATED
                || state == TranslationStatus.State.UNTRACKED
                || all;
        if (!wanted) {
          continue;
        }
        TemplateId id = TemplateId.parse(e.getKey());
        Template template = catalog.template(id).orElseThrow();
        Variant source = template.variant(sourceTag).orElseThrow();
        Variant existing = template.variant(target).orElse(null);
        String hash = SourceHash.of(source.title(), source.body().pattern());
        String etag = etag(catalog, existing);
        TargetState targetState =
            state == TranslationStatus.State.CURRENT ? TargetState.TRANSLATED : TargetState.INITIAL;
        writer.writeUnit(
            unit(
                unitId(id) + TITLE,
                source.title(),
                existing == null ? null : existing.title(),
                targetState,
                notes(source, state, hash, etag, false)));
        writer.writeUnit(
            unit(
                unitId(id) + BODY,
                source.body().pattern(),
                existing == null ? null : existing.body().pattern(),
                targetState,
                notes(source, state, hash, etag, true)));
        templates++;
        switch (state) {
          case MISSING -> missing++;
          case CURRENT -> current++;
          default -> outdated++;
        }
      }
      writer.writeEndFile();
      writer.writeEndDocument();
    }
    return new Exported(templates, missing, outdated, current);
  }

  /** The entity tag of the variant's file as exported, or {@link #NO_FILE}. */
  private static String etag(Catalog catalog, Variant existing) {
    if (existing == null) {
      return NO_FILE;
    }
    try {
      return CatalogEditor.etagOf(Files.readAllBytes(catalog.root().resolve(existing.file())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Note> notes(
      Variant source, TranslationStatus.State state, String hash, String etag, boolean body) {
    List<Note> notes = new ArrayList<>();
    notes.add(
        new Note(
            "Template "
                + source.id()
                + " \""
                + source.title()
                + "\", channel "
                + source.channel().label()
                + (source.tone() == null ? "" : ", tone " + source.tone().label())
                + "; "
                + state.label()
                + " in this locale."));
    if (body && !source.body().placeholders().isEmpty()) {
      notes.add(
          new Note(
              "Keep the placeholders exactly as written, translating only the text inside plural and"
                  + " select branches: "
                  + source.body().placeholders().stream()
                      .map(
                          p ->
                              "{"
                                  + p.name()
                                  + (p.type().equals("text") ? "" : ", " + p.type())
                                  + "}")
                      .collect(Collectors.joining(" "))));
    }
    Note hashNote = new Note(hash);
    hashNote.setCategory(HASH_NOTE);
    notes.add(hashNote);
    // The translation as exported, so that an import never silently replaces a later edit.
    Note etagNote = new Note(etag);
    etagNote.setCategory(ETAG_NOTE);
    notes.add(etagNote);
    return notes;
  }

  private static Unit unit(
      String id, String source, String target, TargetState state, List<Note> notes) {
    Unit unit = new Unit(id);
    Segment segment = unit.appendSegment();
    segment.setSource(source);
    segment.setPreserveWS(true);
    if (target != null) {
      segment.setTarget(target);
    }
    segment.setState(state);
    notes.forEach(unit::addNote);
    return unit;
  }

  static String unitId(TemplateId id) {
    return id.category() + "." + id.name();
  }

  /**
   * What import did with one template: created, updated, confirmed, unchanged, skipped, rejected or
   * conflict.
   */
  public record Outcome(String id, String result, String message) {}

  /** The title and body units of one template, as read from the file. */
  private static final class Pair {
    String title;
    String body;
    boolean reviewed; // a unit's state is translated, reviewed or final
    String sourceHash;
    String etag;
  }

  /**
   * Applies an XLIFF file's translations through {@code editor}, each template on its own: a
   * changed translation is written (with the source hash it was exported from); an unchanged one
   * whose units are marked translated, reviewed or final is confirmed, so an outdated translation a
   * translator checked becomes current; a file changed in the catalog since the export is a
   * conflict and is not overwritten.
   *
   * @throws IllegalArgumentException when the file is not XLIFF 2 or names no usable target
   */
  public static List<Outcome> importFile(Path xliff, Catalog catalog, CatalogEditor editor)
      throws IOException {
    Map<String, Pair> byTemplate = new LinkedHashMap<>();
    String targetLanguage = null;
    try (XLIFFReader reader = new XLIFFReader()) {
      reader.open(xliff.toFile());
      while (reader.hasNext()) {
        Event event = reader.next();
        if (event.isStartXliff()) {
          targetLanguage = event.getStartXliffData().getTargetLanguage();
        } else if (event.isUnit()) {
          read(event.getUnit(), byTemplate);
        }
      }
    } catch (XLIFFException | InvalidParameterException e) {
      // Okapi's reader validates as it goes: a broken or non-XLIFF-2 file stops here.
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    ULocale locale = target(targetLanguage, catalog);
    List<Outcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, Pair> e : byTemplate.entrySet()) {
      outcomes.add(apply(e.getKey(), e.getValue(), locale, catalog, editor));
    }
    return outcomes;
  }

  private static void read(Unit unit, Map<String, Pair> byTemplate) {
    String unitId = unit.getId();
    boolean title = unitId.endsWith(TITLE);
    if (!title && !unitId.endsWith(BODY)) {
      return; // not one of ours
    }
    Pair pair =
        byTemplate.computeIfAbsent(unitId.substring(0, unitId.lastIndexOf('.')), k -> new Pair());
    StringBuilder text = null;
    boolean reviewed = false;
    for (Segment segment : unit.getSegments()) {
      if (segment.hasTarget()) {
        text = text == null ? new StringBuilder() : text;
        text.append(segment.getTarget().getPlainText());
      }
      reviewed |= segment.getState() != TargetState.INITIAL;
    }
    if (title) {
      pair.title = text == null ? null : text.toString();
    } else {
      pair.body = text == null ? null : text.toString();
    }
    pair.reviewed |= reviewed && text != null;
    for (Note note : unit.getNotes()) {
      if (HASH_NOTE.equals(note.getCategory())) {
        pair.sourceHash = note.getText().strip();
      } else if (ETAG_NOTE.equals(note.getCategory())) {
        pair.etag = note.getText().strip();
      }
    }
  }

  /** The catalog locale of the file's target language, which must not be the source. */
  private static ULocale target(String targetLanguage, Catalog catalog) {
    if (targetLanguage == null || targetLanguage.isBlank()) {
      throw new IllegalArgumentException("it names no target language (trgLang)");
    }
    ULocale locale;
    try {
      locale = LocaleTags.parse(targetLanguage);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("its target language: " + e.getMessage());
    }
    if (locale.equals(catalog.settings().sourceLocale())) {
      throw new IllegalArgumentException(
          "its target language " + targetLanguage + " is the catalog's source locale");
    }
    return locale;
  }

  private static Outcome apply(
      String key, Pair pair, ULocale locale, Catalog catalog, CatalogEditor editor)
      throws IOException {
    TemplateId id;
    try {
      int dot = key.indexOf('.');
      id = new TemplateId(key.substring(0, Math.max(dot, 0)), key.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return new Outcome(key, "skipped", "not a template id");
    }
    String sourceTag = catalog.settings().sourceLocale().toLanguageTag();
    Template template = catalog.template(id).orElse(null);
    if (template == null || template.variant(sourceTag).isEmpty()) {
      return new Outcome(id.toString(), "skipped", "no such template in the catalog");
    }
    Variant source = template.variant(sourceTag).orElseThrow();
    Variant existing = template.variant(locale.toLanguageTag()).orElse(null);
    String body = blankToNull(pair.body);
    String title = blankToNull(pair.title);
    if (body == null) {
      return new Outcome(id.toString(), "skipped", "no translated body");
    }
    if (title == null && existing == null) {
      return new Outcome(id.toString(), "skipped", "no translated title");
    }
    boolean same =
        existing != null
            && body.strip().equals(existing.body().pattern().strip())
            && (title == null || title.strip().equals(existing.title().strip()));
    String hash = pair.sourceHash;
    if (same && (!pair.reviewed || hash == null || hash.equals(existing.sourceHash()))) {
      return new Outcome(id.toString(), "unchanged", "the translation is what the catalog has");
    }
    CatalogEditor.Draft draft =
        new CatalogEditor.Draft(
            title != null ? title : existing.title(),
            existing != null ? existing.tags() : List.of(),
            existing != null ? existing.examples() : List.of(),
            null,
            existing != null && existing.tone() != null
                ? existing.tone().label()
                : source.tone() == null ? null : source.tone().label(),
            null,
            existing != null ? existing.omits() : List.of(),
            body);
    // The file as it was exported: absent, or the version with this entity tag. Without the note
    // (a file from another tool) whatever is there is replaced.
    String ifMatch = pair.etag == null ? "*" : NO_FILE.equals(pair.etag) ? null : pair.etag;
    String ifNoneMatch = NO_FILE.equals(pair.etag) ? "*" : null;
    try {
      CatalogEditor.Written written = editor.put(id, locale, draft, ifMatch, ifNoneMatch, hash);
      String result = same ? "confirmed" : written.created() ? "created" : "updated";
      return new Outcome(id.toString(), result, written.file());
    } catch (CatalogEditor.Rejected ex) {
      return new Outcome(
          id.toString(),
          "rejected",
          ex.findings().stream()
              .filter(f -> f.severity() == Severity.RED)
              .map(Finding::toString)
              .collect(Collectors.joining("; ")));
    } catch (CatalogEditor.Conflict | CatalogEditor.PreconditionRequired ex) {
      return new Outcome(
          id.toString(),
          "conflict",
          ex.getMessage() + "; it changed since the export: export again and merge");
    } catch (IllegalArgumentException ex) {
      return new Outcome(id.toString(), "rejected", ex.getMessage());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
