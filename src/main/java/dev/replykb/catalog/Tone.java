package dev.replykb.catalog;

import java.util.Locale;

/** The register a variant is written in. */
public enum Tone {
  FORMAL,
  FRIENDLY;

  /** The lower-case name used in files and JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Tone parse(String value) {
    for (Tone t : values()) {
      if (t.label().equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException("tone '" + value + "' must be formal or friendly");
  }
}
