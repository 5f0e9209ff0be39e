package dev.replykb.catalog;

import java.util.Locale;

/** Where a reply is sent: live chat, e-mail, or either. */
public enum Channel {
  CHAT,
  EMAIL,
  ANY;

  /** The lower-case name used in files and JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Channel parse(String value) {
    for (Channel c : values()) {
      if (c.label().equals(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException("channel '" + value + "' must be chat, email or any");
  }
}
