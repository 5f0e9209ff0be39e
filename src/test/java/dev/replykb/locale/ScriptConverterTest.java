package dev.replykb.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScriptConverterTest {
  @Test
  void convertsSimplifiedToTraditionalAndBack() {
    assertEquals("物流延遲，請見諒", ScriptConverter.toTraditional("物流延迟，请见谅"));
    assertEquals("物流延迟，请见谅", ScriptConverter.toSimplified("物流延遲，請見諒"));
  }

  @Test
  void leavesPlaceholdersAndLatinTextAlone() {
    // ICU argument syntax is ASCII, so a converted body is still the same message.
    assertEquals(
        "親，訂單{orderId}已發貨 {days, plural, other {# 天}} EZ WAY",
        ScriptConverter.toTraditional("亲，订单{orderId}已发货 {days, plural, other {# 天}} EZ WAY"));
  }
}
