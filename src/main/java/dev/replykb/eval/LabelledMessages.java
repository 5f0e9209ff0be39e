package dev.replykb.eval;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real buyer messages labelled with an intent (HINT3, Bitext), and which templates of a catalog
 * answer each intent.
 */
public final class LabelledMessages {
  private LabelledMessages() {}

  /** Label that marks a message as off-topic altogether, in an intent map. */
  static final String OFF_TOPIC = "off";

  /** Label that marks an intent no template answers, in an intent map. */
  static final String NONE = "-";

  /**
   * A message and the templates that answer it: none for a message no template should answer,
   * either because it is off-topic altogether or because the catalog has no reply for its intent.
   */
  public record Message(String text, String label, Set<String> answers, boolean offTopic) {
    public boolean answerable() {
      return !answers.isEmpty();
    }
  }

  /**
   * Reads a CSV file with a header, taking the text and label columns, and maps labels through
   * {@code intents}.
   *
   * @throws IllegalArgumentException for a missing column or a label the map does not know
   */
  public static List<Message> read(
      Path csv, String textColumn, String labelColumn, Map<String, Set<String>> intents)
      throws IOException {
    CsvMapper mapper = new CsvMapper();
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    List<Message> messages = new ArrayList<>();
    try (MappingIterator<Map<String, String>> rows =
        mapper.readerForMapOf(String.class).with(schema).readValues(csv.toFile())) {
      while (rows.hasNext()) {
        Map<String, String> row = rows.next();
        String text = row.get(textColumn);
        String label = row.get(labelColumn);
        if (text == null || label == null) {
          throw new IllegalArgumentException(
              csv + ": needs columns '" + textColumn + "' and '" + labelColumn + "'");
        }
        if (text.isBlank()) {
          continue;
        }
        Set<String> answers = intents.get(label.strip());
        if (answers == null) {
          continue; // a malformed row of the source (HINT3 has a few): not a label at all
        }
        boolean offTopic = answers.contains(OFF_TOPIC);
        messages.add(
            new Message(text.strip(), label.strip(), offTopic ? Set.of() : answers, offTopic));
      }
    }
    return messages;
  }

  /**
   * Reads an intent map: tab-separated {@code label, templates}, templates space-separated, {@code
   * -} for none, {@code off} for off-topic messages.
   */
  public static Map<String, Set<String>> intents(Path tsv) throws IOException {
    Map<String, Set<String>> intents = new HashMap<>();
    for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("label\t")) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 2) {
        throw new IllegalArgumentException(
            tsv + ": expected label<TAB>templates in '" + line + "'");
      }
      String templates = fields[1].strip();
      intents.put(
          fields[0].strip(), templates.equals(NONE) ? Set.of() : Set.of(templates.split("\\s+")));
    }
    return intents;
  }
}
