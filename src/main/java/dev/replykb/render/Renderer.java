package dev.replykb.render;

import com.ibm.icu.text.DateFormat;
import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a message body with an agent's variables, following the served locale's rules for plurals,
 * numbers and dates.
 *
 * <p>A variable that is missing is listed and its placeholder stays visible as {@code {name}}, so
 * nothing is sent half-filled unnoticed. Dates are ISO-8601 ({@code 2026-12-24}, or a timestamp
 * with an offset) and are shown in UTC, so a calendar date never shifts by a day.
 *
 * <p>Stateless and thread-safe; ICU formatters are not, so each call makes its own.
 */
public final class Renderer {
  /** The most variables one request may carry; templates use a handful. */
  public static final int MAX_VARIABLES = 100;

  /** The longest value of one variable, in characters. */
  public static final int MAX_VALUE_LENGTH = 2000;

  /** Filled text and the placeholders that had no value. */
  public record Rendered(String text, List<String> missing) {}

  /**
   * Renders {@code body} in {@code locale}.
   *
   * @param variables values by placeholder name: strings, numbers or booleans; variables the body
   *     does not use are ignored
   * @throws IllegalArgumentException naming the variable whose value cannot be used
   */
  public Rendered render(MessageBody body, ULocale locale, Map<String, ?> variables) {
    if (variables.size() > MAX_VARIABLES) {
      throw new IllegalArgumentException("at most " + MAX_VARIABLES + " variables are allowed");
    }
    Map<String, Object> arguments = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (Placeholder placeholder : body.placeholders()) {
      Object value = variables.get(placeholder.name());
      if (value == null) {
        missing.add(placeholder.name());
        continue;
      }
      arguments.put(placeholder.name(), convert(placeholder, value));
    }
    MessageFormat format = new MessageFormat(body.pattern(), locale);
    for (Placeholder placeholder : body.placeholders()) {
      if (placeholder.isTemporal()
          && format.getFormatByArgumentName(placeholder.name()) instanceof DateFormat dateFormat) {
        dateFormat.setTimeZone(TimeZone.GMT_ZONE);
      }
    }
    return new Rendered(format.format(arguments), List.copyOf(missing));
  }

  private static Object convert(Placeholder placeholder, Object value) {
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new IllegalArgumentException(
          "variable '" + placeholder.name() + "' must be a string, a number or a boolean");
    }
    String text = String.valueOf(value);
    if (text.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(
          "variable '"
              + placeholder.name()
              + "' is longer than "
              + MAX_VALUE_LENGTH
              + " characters");
    }
    if (placeholder.isNumeric()) {
      if (value instanceof Number number) {
        return number;
      }
      try {
        return new BigDecimal(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "variable '"
                + placeholder.name()
                + "' must be a number, not '"
                + abbreviate(text)
                + "'");
      }
    }
    if (placeholder.isTemporal()) {
      return parseDate(placeholder.name(), text.strip());
    }
    return text;
  }

  private static Date parseDate(String name, String text) {
    try {
      return Date.from(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException notADate) {
      try {
        return Date.from(OffsetDateTime.parse(text).toInstant());
      } catch (DateTimeParseException notADateTime) {
        try {
          return Date.from(Instant.parse(text));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              "variable '"
                  + name
                  + "' must be an ISO date such as 2026-12-24, not '"
                  + abbreviate(text)
                  + "'");
        }
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
