package dev.replykb.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ibm.icu.util.ULocale;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageBodyTest {
  @Test
  void runsOfSpacesAndTabsBecomeOneSpaceAsTheRegularExpressionWouldMakeThem() {
    java.util.regex.Pattern runs = java.util.regex.Pattern.compile("[ \\t]{2,}");
    java.util.Random random = new java.util.Random(11);
    char[] alphabet = {' ', '\t', '\n', 'a', 'é', '好'};
    for (int round = 0; round < 5_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        text.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String s = text.toString();
      assertEquals(
          runs.matcher(s).replaceAll(" "),
          MessageBody.collapseSpaceRuns(s),
          s.replace("\t", "\\t").replace("\n", "\\n"));
    }
    assertEquals("a b\tc", MessageBody.collapseSpaceRuns("a \t b\tc"));
  }

  @Test
  void listsPlaceholdersOnceInOrderOfFirstUseIncludingNestedOnes() {
    MessageBody body =
        MessageBody.parse(
            "Hi {customer}, {days, plural, one {# day for {orderId}} other {# days for {orderId}}}"
                + " until {eta, date, long}; {included, select, yes {paid} other {due}}. {customer}",
            ULocale.ENGLISH);
    assertEquals(
        List.of(
            new Placeholder("customer", "text"),
            new Placeholder("days", "plural"),
            new Placeholder("orderId", "text"),
            new Placeholder("eta", "date"),
            new Placeholder("included", "select")),
        body.placeholders());
  }

  @Test
  void plainTextKeepsWhatTheReaderSeesAndDropsArgumentSyntax() {
    MessageBody body =
        MessageBody.parse(
            "Dear {customer}, within {days, plural, one {# day} other {# days}} we'll refund '{'x'}'.",
            ULocale.ENGLISH);
    // Argument names and plural keywords are not searchable words; branch texts are.
    assertEquals("Dear , within day days we'll refund {x}.", body.plainText());
  }

  @Test
  void rejectsNumberedArgumentsWithTheirPosition() {
    MessageBody.InvalidPatternException e =
        assertThrows(
            MessageBody.InvalidPatternException.class,
            () -> MessageBody.parse("Hi {0}", ULocale.ENGLISH));
    assertEquals(4, e.index());
  }

  @Test
  void rejectsPluralsWithoutOther() {
    assertThrows(
        MessageBody.InvalidPatternException.class,
        () -> MessageBody.parse("{n, plural, one {# day}}", ULocale.ENGLISH));
  }
}
