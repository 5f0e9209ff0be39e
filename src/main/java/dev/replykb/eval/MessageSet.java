package dev.replykb.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A file of labelled buyer messages and how to read it: {@code FILE,TEXT_COLUMN,LABEL_COLUMN,MAP}
 * (the map gives the templates that answer each label; see {@link LabelledMessages}).
 */
public record MessageSet(Path file, String textColumn, String labelColumn, Path intents) {

  /** Parses {@code FILE,TEXT_COLUMN,LABEL_COLUMN,MAP}. */
  public static MessageSet parse(String spec) {
    String[] parts = spec.split(",");
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "'" + spec + "' must be FILE,TEXT_COLUMN,LABEL_COLUMN,INTENT_MAP");
    }
    return new MessageSet(Path.of(parts[0]), parts[1], parts[2], Path.of(parts[3]));
  }

  public List<LabelledMessages.Message> read() throws IOException {
    return LabelledMessages.read(file, textColumn, labelColumn, LabelledMessages.intents(intents));
  }

  /** A short name for reports: the file name without extension. */
  public String name() {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
