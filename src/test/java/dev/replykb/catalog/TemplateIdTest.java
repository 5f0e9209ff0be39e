package dev.replykb.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

  @Test
  void idsSortAsTheirStringsDo() {
    // "a-x/c" sorts before "a/b" ('-' < '/'), though category "a" is shorter than "a-x"
    List<String> ids =
        List.of("a/b", "a-x/c", "a/a", "ab/a", "a/b-c", "a/bc", "a0/z", "logistics/delay");
    List<String> byString = ids.stream().sorted().toList();
    List<String> byId =
        ids.stream().map(TemplateId::parse).sorted().map(TemplateId::toString).toList();
    assertEquals(byString, byId);
    assertEquals(0, TemplateId.parse("a/b").compareTo(TemplateId.parse("a/b")));
  }

  @Test
  void segmentsAreCheckedAsTheirPatternSays() {
    // Every string of up to five characters over letters, digits, '-' and a few strangers
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    char[] alphabet = {'a', 'z', '0', '9', '-', '_', 'A', '.', '/', 'é'};
    List<String> strings = new java.util.ArrayList<>(List.of(""));
    List<String> last = List.of("");
    for (int length = 1; length <= 5; length++) {
      List<String> longer = new java.util.ArrayList<>();
      for (String s : last) {
        for (char c : alphabet) {
          longer.add(s + c);
        }
      }
      strings.addAll(longer);
      last = longer;
    }
    for (String s : strings) {
      assertEquals(pattern.matcher(s).matches(), TemplateId.isValidSegment(s), "'" + s + "'");
    }
    assertTrue(TemplateId.isValidSegment("a".repeat(64)));
    assertFalse(TemplateId.isValidSegment("a".repeat(65)), "at most 64 characters");
  }

  @Test
  void everyPairComparesAsItsStringsDo() {
    // Categories that are prefixes of each other, equal ones, names that differ late: each path
    // of the comparison, against the strings' own order
    List<String> segments = List.of("a", "ab", "a-b", "a0", "b", "ab-c", "abc", "a-bz");
    List<TemplateId> ids = new java.util.ArrayList<>();
    for (String category : segments) {
      for (String name : segments) {
        ids.add(TemplateId.parse(category + "/" + name));
      }
    }
    for (TemplateId x : ids) {
      for (TemplateId y : ids) {
        assertEquals(
            Integer.signum(x.toString().compareTo(y.toString())),
            Integer.signum(x.compareTo(y)),
            x + " against " + y);
      }
    }
  }
}
