package dev.replykb.locale;

import com.ibm.icu.util.LocaleMatcher;
import com.ibm.icu.util.ULocale;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Chooses the variant of a template that fits a buyer's locale preferences.
 *
 * <p>Each preference is tried in order; the first one that a variant (or a script conversion) can
 * serve wins, else the catalog's fallback locale is served and flagged as a fallback. Within one
 * preference, ICU's {@link LocaleMatcher} weighs regions and scripts ({@code de-AT} gets {@code
 * de}, {@code pt-PT} gets {@code pt-BR} when that is all there is, {@code zh-TW} gets {@code
 * zh-Hant}). A match must keep the buyer's language and script: ICU also offers near-languages (it
 * serves English to {@code sw}), which for a reply is a fallback, not a match.
 *
 * <p>Thread-safe. Matchers are built once per distinct set of variant locales and reused.
 */
public final class VariantChooser {
  private static final String CHINESE = "zh";

  private final ULocale fallbackLocale;
  private final ULocale sourceLocale;
  private final boolean scriptConversion;
  private final ConcurrentMap<List<ULocale>, LocaleMatcher> matchers = new ConcurrentHashMap<>();

  public VariantChooser(ULocale fallbackLocale, ULocale sourceLocale, boolean scriptConversion) {
    this.fallbackLocale = Objects.requireNonNull(fallbackLocale, "fallbackLocale");
    this.sourceLocale = Objects.requireNonNull(sourceLocale, "sourceLocale");
    this.scriptConversion = scriptConversion;
  }

  /** Builds the matcher for a set of variant locales ahead of the first request that needs it. */
  public void prepare(List<ULocale> available) {
    matcher(available);
  }

  /**
   * Chooses among {@code available} (the template's variant locales, never empty).
   *
   * @param preferences the buyer's locales; when empty, the fallback locale is what is wanted
   */
  public VariantChoice choose(List<ULocale> available, LocalePreferences preferences) {
    if (available.isEmpty()) {
      throw new IllegalArgumentException("a template has at least one variant");
    }
    List<ULocale> wanted = preferences.isEmpty() ? List.of(fallbackLocale) : preferences.locales();
    ULocale requested = wanted.get(0);
    LocaleMatcher matcher = matcher(available);
    for (ULocale desired : wanted) {
      LocaleMatcher.Result result = matcher.getBestMatchResult(desired);
      ULocale desiredMax = LocaleTags.maximize(desired);
      if (result.getDesiredIndex() >= 0 && result.getSupportedIndex() >= 0) {
        ULocale supportedMax = LocaleTags.maximize(result.getSupportedULocale());
        if (supportedMax.getLanguage().equals(desiredMax.getLanguage())
            && supportedMax.getScript().equals(desiredMax.getScript())) {
          ULocale variant = result.getSupportedULocale();
          return new VariantChoice(variant, variant, requested, false, null);
        }
      }
      if (scriptConversion && desiredMax.getLanguage().equals(CHINESE)) {
        // zh-TW must never get zh-Hans while zh-Hant exists (the matcher saw to that above);
        // without a zh-Hant variant, converted Simplified text reads far better than English.
        String script = desiredMax.getScript();
        for (ULocale candidate : available) {
          ULocale candidateMax = LocaleTags.maximize(candidate);
          if (candidateMax.getLanguage().equals(CHINESE)
              && !candidateMax.getScript().equals(script)
              && isHanScript(script)
              && isHanScript(candidateMax.getScript())) {
            ULocale served = new ULocale.Builder().setLanguage(CHINESE).setScript(script).build();
            return new VariantChoice(candidate, served, requested, false, candidate);
          }
        }
      }
    }
    ULocale variant = fallbackVariant(available, matcher);
    return new VariantChoice(variant, variant, requested, true, null);
  }

  private ULocale fallbackVariant(List<ULocale> available, LocaleMatcher matcher) {
    if (available.contains(fallbackLocale)) {
      return fallbackLocale;
    }
    if (available.contains(sourceLocale)) {
      return sourceLocale;
    }
    LocaleMatcher.Result near = matcher.getBestMatchResult(fallbackLocale);
    return near.getSupportedIndex() >= 0 ? near.getSupportedULocale() : available.get(0);
  }

  private static boolean isHanScript(String script) {
    return script.equals("Hans") || script.equals("Hant");
  }

  private LocaleMatcher matcher(List<ULocale> available) {
    return matchers.computeIfAbsent(
        List.copyOf(available),
        locales ->
            LocaleMatcher.builder()
                .setSupportedULocales(locales)
                // Without an explicit default ICU silently treats the first supported locale as
                // one.
                .setDefaultULocale(fallbackLocale)
                .build());
  }
}
