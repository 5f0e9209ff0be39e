package dev.replykb.translate;

import java.util.Locale;

/** How bad a finding is: red blocks publishing, yellow needs a look. No finding is green. */
public enum Severity {
  RED,
  YELLOW;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Severity parse(String value) {
    for (Severity s : values()) {
      if (s.label().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("severity '" + value + "' must be red or yellow");
  }
}
