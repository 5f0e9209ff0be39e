package dev.replykb.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ibm.icu.util.ULocale;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {
  private final Renderer renderer = new Renderer();

  private static MessageBody body(String pattern, String tag) {
    return MessageBody.parse(pattern, ULocale.forLanguageTag(tag));
  }

  @Test
  void followsTheRussianPluralCategories() {
    MessageBody body =
        body("{days, plural, one {# день} few {# дня} many {# дней} other {# дня}}", "ru");
    ULocale ru = ULocale.forLanguageTag("ru");
    assertEquals("1 день", renderer.render(body, ru, Map.of("days", 1)).text());
    assertEquals("3 дня", renderer.render(body, ru, Map.of("days", 3)).text());
    assertEquals("5 дней", renderer.render(body, ru, Map.of("days", 5)).text());
    assertEquals("21 день", renderer.render(body, ru, Map.of("days", 21)).text());
    assertEquals("1,5 дня", renderer.render(body, ru, Map.of("days", "1.5")).text());
  }

  @Test
  void formatsDatesInTheServedLocaleWithoutShiftingTheDay() {
    MessageBody body = body("{eta, date, long}", "de");
    assertEquals(
        "24. Dezember 2026",
        renderer.render(body, ULocale.GERMAN, Map.of("eta", "2026-12-24")).text());
    assertEquals(
        "2026年12月24日",
        renderer.render(body, ULocale.forLanguageTag("ja"), Map.of("eta", "2026-12-24")).text());
  }

  @Test
  void listsMissingVariablesAndLeavesThemVisible() {
    MessageBody body =
        body("Hi {customer}, order {orderId}: {days, plural, one {# day} other {# days}}", "en");
    Renderer.Rendered rendered = renderer.render(body, ULocale.ENGLISH, Map.of("orderId", "A-1"));
    assertEquals("Hi {customer}, order A-1: {days}", rendered.text());
    assertEquals(List.of("customer", "days"), rendered.missing());
  }

  @Test
  void selectsABranch() {
    MessageBody body = body("{included, select, yes {paid} other {due}}", "en");
    assertEquals("paid", renderer.render(body, ULocale.ENGLISH, Map.of("included", "yes")).text());
    assertEquals("due", renderer.render(body, ULocale.ENGLISH, Map.of("included", "no")).text());
  }

  @Test
  void refusesValuesThatCannotBeUsedNamingTheVariable() {
    MessageBody body = body("{days, plural, other {# days}} {eta, date, long}", "en");
    IllegalArgumentException notANumber =
        assertThrows(
            IllegalArgumentException.class,
            () -> renderer.render(body, ULocale.ENGLISH, Map.of("days", "three")));
    assertEquals("variable 'days' must be a number, not 'three'", notANumber.getMessage());
    IllegalArgumentException notADate =
        assertThrows(
            IllegalArgumentException.class,
            () -> renderer.render(body, ULocale.ENGLISH, Map.of("eta", "tomorrow")));
    assertEquals(
        "variable 'eta' must be an ISO date such as 2026-12-24, not 'tomorrow'",
        notADate.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> renderer.render(body, ULocale.ENGLISH, Map.of("days", List.of(1))));
  }
}
