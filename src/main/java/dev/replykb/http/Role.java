package dev.replykb.http;

import java.util.Locale;

/**
 * What a caller of the API may do. Each role includes the ones before it: a translator may also
 * search, an administrator may also edit every locale.
 */
enum Role {
  /** Search, render, record that a reply was sent. */
  AGENT,
  /** Edit variants (of the locales the token lists, or all), see translation status and lint. */
  TRANSLATOR,
  /** Re-index, reload the catalog from disk, see the catalog's problems. */
  ADMIN;

  boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Role parse(String text) {
    for (Role role : values()) {
      if (role.label().equals(text)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + text + "'; expected agent, translator or admin");
  }
}
