package dev.replykb.render;

/**
 * A named argument of a message body.
 *
 * @param name the argument name, such as {@code orderId}
 * @param type {@code text} for a plain {@code {name}}, else the ICU argument type: {@code plural},
 *     {@code select}, {@code selectordinal}, {@code number}, {@code date}, {@code time}, ...
 */
public record Placeholder(String name, String type) {

  /** True when the argument expects a number (plural, number and the like). */
  public boolean isNumeric() {
    return switch (type) {
      case "plural", "selectordinal", "number", "spellout", "ordinal", "duration" -> true;
      default -> false;
    };
  }

  /** True when the argument expects a date or a time. */
  public boolean isTemporal() {
    return type.equals("date") || type.equals("time");
  }
}
