package dev.replykb.locale;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.util.ULocale;
import java.util.Optional;

/**
 * Tells the language of a buyer's message, for {@code locale=auto}.
 *
 * <p>Thread-safe.
 */
public final class LanguageDetector {

  /** The language of {@code text}, or empty when it cannot be told. */
  public Optional<ULocale> detect(String text) {
    return byScript(text);
  }

  /** What the writing system alone settles: Chinese (and which script), Japanese, Korean, ... */
  static Optional<ULocale> byScript(String text) {
    int han = 0;
    int kana = 0;
    int hangul = 0;
    int arabic = 0;
    int cyrillic = 0;
    int letters = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      letters++;
      switch (UScript.getScript(cp)) {
        case UScript.HAN -> han++;
        case UScript.HIRAGANA, UScript.KATAKANA -> kana++;
        case UScript.HANGUL -> hangul++;
        case UScript.ARABIC -> arabic++;
        case UScript.CYRILLIC -> cyrillic++;
        default -> {}
      }
    }
    if (letters == 0) {
      return Optional.empty();
    }
    if (kana > 0 && kana + han >= letters / 2) {
      return Optional.of(ULocale.JAPANESE);
    }
    if (hangul >= letters / 2 && hangul > 0) {
      return Optional.of(ULocale.KOREAN);
    }
    if (han >= letters / 2 && han > 0) {
      // Traditional text changes when converted to Simplified; Simplified text does not.
      boolean traditional = !ScriptConverter.toSimplified(text).equals(text);
      return Optional.of(ULocale.forLanguageTag(traditional ? "zh-Hant" : "zh-Hans"));
    }
    if (arabic >= letters / 2 && arabic > 0) {
      return Optional.of(ULocale.forLanguageTag("ar"));
    }
    if (cyrillic >= letters / 2 && cyrillic > 0) {
      return Optional.of(ULocale.forLanguageTag("ru"));
    }
    return Optional.empty();
  }
}
