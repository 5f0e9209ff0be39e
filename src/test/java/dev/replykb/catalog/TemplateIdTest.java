package dev.replykb.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateIdTest {
  @Test
  void parsesCategoryAndName() {
    TemplateId id = TemplateId.parse("after-sales/refund-status");
    assertEquals("after-sales", id.category());
    assertEquals("refund-status", id.name());
    assertEquals("after-sales/refund-status", id.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "refund",
        "a/b/c",
        "/refund",
        "refund/",
        "After/refund",
        "a/re_fund",
        "a/-x",
        "a/x-",
        "../etc",
        "a/..",
        "a/x%2F",
        "a/ｒefund",
        "a/\u0000",
        "a/x--y"
      })
  void rejectsIdsThatAreNotSafeSegments(String id) {
    // Each of these is either malformed or could escape the catalog folder.
    assertThrows(IllegalArgumentException.class, () -> TemplateId.parse(id));
  }

  @Test
  void quotesTheBadInputInItsMessage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TemplateId.parse("Logistics/delay"));
    assertEquals(
        "category 'Logistics' may only use a-z, 0-9 and inner '-' (at most 64 characters)",
        e.getMessage());
  }
}
