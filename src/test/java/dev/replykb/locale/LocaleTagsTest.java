package dev.replykb.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ibm.icu.util.ULocale;
import org.junit.jupiter.api.Test;

class LocaleTagsTest {
  @Test
  void maximizingIsIcusLikelySubtagsAskedTwiceOrAfterThousandsOfOthers() {
    for (String tag : new String[] {"zh-TW", "zh", "de", "pt-BR", "sr", "und-Hant", "ja-JP"}) {
      ULocale locale = ULocale.forLanguageTag(tag);
      ULocale expected = ULocale.addLikelySubtags(locale);
      assertEquals(expected, LocaleTags.maximize(locale), tag);
      assertEquals(expected, LocaleTags.maximize(locale), tag + ", remembered");
    }
    // Locales a request may name without end: the remembered ones are bounded and start over.
    for (int i = 0; i < 10_000; i++) {
      LocaleTags.maximize(ULocale.forLanguageTag("de-x-shop" + i));
    }
    assertEquals(
        ULocale.forLanguageTag("zh-Hant-TW"), LocaleTags.maximize(ULocale.forLanguageTag("zh-TW")));
  }
}
