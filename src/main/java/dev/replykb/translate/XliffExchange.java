package dev.replykb.translate;

import com.ibm.icu.util.ULocale;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.TemplateId;
import dev.replykb.catalog.Variant;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        TargetState targetState =
            state == TranslationStatus.State.CURRENT ? TargetState.TRANSLATED : TargetState.INITIAL;
        writer.writeUnit(
            unit(
                unitId(id) + TITLE,
                source.title(),
                existing == null ? null : existing.title(),
                targetState,
                notes(source, state, hash, false)));
        writer.writeUnit(
            unit(
                unitId(id) + BODY,
                source.body().pattern(),
                existing == null ? null : existing.body().pattern(),
                targetState,
                notes(source, state, hash, true)));
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

  private static List<Note> notes(
      Variant source, TranslationStatus.State state, String hash, boolean body) {
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
                + state.name().toLowerCase(java.util.Locale.ROOT)
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

  /** What import did with one template. */
  public record Outcome(String id, String result, String message) {}

  /**
   * Applies an XLIFF file's translations through {@code editor}: a unit is imported when its target
   * is not empty and its state is not {@code initial}, or its target differs from the file it would
   * replace.
   */
  public static List<Outcome> importFile(Path xliff, Catalog catalog, CatalogEditor editor)
      throws IOException {
    Map<String, String[]> byTemplate = new LinkedHashMap<>();
    String targetLanguage = null;
    try (XLIFFReader reader = new XLIFFReader()) {
      reader.open(xliff.toFile());
      while (reader.hasNext()) {
        Event event = reader.next();
        if (event.isStartXliff()) {
          targetLanguage = event.getStartXliffData().getTargetLanguage();
        } else if (event.isUnit()) {
          Unit unit = event.getUnit();
          String unitId = unit.getId();
          boolean title = unitId.endsWith(TITLE);
          if (!title && !unitId.endsWith(BODY)) {
            continue;
          }
          String key = unitId.substring(0, unitId.lastIndexOf('.'));
          String[] texts = byTemplate.computeIfAbsent(key, k -> new String[5]);
          Segment segment = unit.getSegment(0);
          String text = segment.hasTarget() ? segment.getTarget().getPlainText() : null;
          texts[title ? 0 : 1] = text;
          texts[title ? 3 : 4] = segment.getState().toString();
          for (Note note : unit.getNotes()) {
            if (HASH_NOTE.equals(note.getCategory())) {
              texts[2] = note.getText();
            }
          }
        }
      }
    }
    if (targetLanguage == null) {
      throw new IllegalArgumentException(xliff + " names no target language (trgLang)");
    }
    ULocale locale = ULocale.forLanguageTag(targetLanguage);
    String sourceTag = catalog.settings().sourceLocale().toLanguageTag();
    List<Outcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, String[]> e : byTemplate.entrySet()) {
      String[] t = e.getValue();
      String dotted = e.getKey();
      TemplateId id;
      try {
        id =
            new TemplateId(
                dotted.substring(0, dotted.indexOf('.')),
                dotted.substring(dotted.indexOf('.') + 1));
      } catch (RuntimeException ex) {
        outcomes.add(new Outcome(dotted, "skipped", "not a template id"));
        continue;
      }
      Template template = catalog.template(id).orElse(null);
      if (template == null || template.variant(sourceTag).isEmpty()) {
        outcomes.add(new Outcome(id.toString(), "skipped", "no such template in the catalog"));
        continue;
      }
      Variant existing = template.variant(locale.toLanguageTag()).orElse(null);
      String body = t[1];
      if (body == null || body.isBlank()) {
        outcomes.add(new Outcome(id.toString(), "skipped", "no translated body"));
        continue;
      }
      boolean initial = "initial".equals(t[4]);
      boolean sameAsFile =
          existing != null
              && body.strip().equals(existing.body().pattern().strip())
              && (t[0] == null || t[0].strip().equals(existing.title().strip()));
      if (sameAsFile
          || (initial
              && existing != null
              && body.strip().equals(existing.body().pattern().strip()))) {
        outcomes.add(
            new Outcome(id.toString(), "unchanged", "the translation is what the catalog has"));
        continue;
      }
      String title =
          t[0] != null && !t[0].isBlank() ? t[0] : existing != null ? existing.title() : null;
      if (title == null) {
        outcomes.add(new Outcome(id.toString(), "skipped", "no translated title"));
        continue;
      }
      Variant source = template.variant(sourceTag).orElseThrow();
      CatalogEditor.Draft draft =
          new CatalogEditor.Draft(
              title,
              existing != null ? existing.tags() : List.of(),
              existing != null ? existing.examples() : List.of(),
              null,
              existing != null && existing.tone() != null
                  ? existing.tone().label()
                  : source.tone() == null ? null : source.tone().label(),
              null,
              existing != null ? existing.omits() : List.of(),
              body);
      try {
        CatalogEditor.Written written = editor.put(id, locale, draft, "*", null, t[2]);
        outcomes.add(
            new Outcome(id.toString(), written.created() ? "created" : "updated", written.file()));
      } catch (CatalogEditor.Rejected ex) {
        outcomes.add(
            new Outcome(
                id.toString(),
                "rejected",
                ex.findings().stream()
                    .filter(f -> f.severity() == Severity.RED)
                    .map(Finding::toString)
                    .collect(Collectors.joining("; "))));
      } catch (CatalogEditor.Conflict | CatalogEditor.PreconditionRequired ex) {
        outcomes.add(new Outcome(id.toString(), "conflict", ex.getMessage()));
      } catch (IllegalArgumentException ex) {
        outcomes.add(new Outcome(id.toString(), "rejected", ex.getMessage()));
      }
    }
    return outcomes;
  }
}
