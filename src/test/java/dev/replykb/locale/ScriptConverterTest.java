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

  @Test
  void theSimplifiedTableIsIcusTransformForEveryCharacter() {
    // Every BMP character alone: the table must map exactly what ICU's rules map.
    StringBuilder differences = new StringBuilder();
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      String one = String.valueOf((char) c);
      String rules = ScriptConverter.toSimplifiedByRules(one);
      if (!rules.equals(ScriptConverter.toSimplified(one))) {
        differences.append(String.format(java.util.Locale.ROOT, "U+%04X ", c));
      }
    }
    assertEquals("", differences.toString());
  }

  @Test
  void theSimplifiedTableAgreesWithIcuOnWholeTexts() throws java.io.IOException {
    // Context-dependent rules would show here: every Traditional text of the bundled catalog.
    dev.replykb.catalog.Catalog catalog =
        new dev.replykb.catalog.CatalogLoader().load(dev.replykb.TestCatalogs.bundled());
    int texts = 0;
    for (dev.replykb.catalog.Template t : catalog.templates()) {
      for (dev.replykb.catalog.Variant v : t.variants().values()) {
        if (v.localeTag().startsWith("zh")) {
          for (String text : java.util.List.of(v.title(), v.body().pattern())) {
            assertEquals(
                ScriptConverter.toSimplifiedByRules(text), ScriptConverter.toSimplified(text));
            texts++;
          }
        }
      }
    }
    assertEquals(true, texts > 50, texts + " texts");
  }

  @Test
  void phrasesConvertAsIcuConvertsThemWhereverTheyStand() {
    // 螢 alone is 萤, in 螢幕 (screen) it is 荧; around and inside other text, as ICU does it.
    for (String text : new String[] {"螢幕", "螢火蟲", "手機螢幕很亮", "單于飛", "于飛于歸", "生薑片", "崑山的下崙"}) {
      assertEquals(ScriptConverter.toSimplifiedByRules(text), ScriptConverter.toSimplified(text));
    }
    // Every character next to every phrase-starting character of a sample of common text.
    String sample = "您的訂單已出貨，請於三日內到超商取貨。螢幕尺寸與乾燥劑說明，頭髮與發票。";
    for (int i = 0; i < sample.length(); i++) {
      for (int j = i + 1; j <= Math.min(sample.length(), i + 6); j++) {
        String part = sample.substring(i, j);
        assertEquals(ScriptConverter.toSimplifiedByRules(part), ScriptConverter.toSimplified(part));
      }
    }
  }

  @Test
  void randomMixesOfPhraseCharactersConvertAsIcuConvertsThem() {
    // Strings made of the characters of ICU's phrase rules, where order and overlap matter most.
    StringBuilder pool = new StringBuilder();
    ScriptConverter.phraseCharacters().forEach(pool::appendCodePoint);
    java.util.Random random = new java.util.Random(7);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int k = 2 + random.nextInt(7); k > 0; k--) {
        text.append(pool.charAt(random.nextInt(pool.length())));
      }
      String t = text.toString();
      assertEquals(ScriptConverter.toSimplifiedByRules(t), ScriptConverter.toSimplified(t), t);
    }
  }
}
