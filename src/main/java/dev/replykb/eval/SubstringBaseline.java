package dev.replykb.eval;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.LocalePreferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The help-desk baseline: {@code title LIKE %q% OR body LIKE %q%}, case-insensitive, over every
 * variant; matching templates in catalog order, since a LIKE query does not rank.
 */
public final class SubstringBaseline implements Ranker {
  private final Catalog catalog;

  public SubstringBaseline(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String name() {
    return "substring";
  }

  @Override
  public List<String> rank(String query, LocalePreferences preferences, int limit) {
    String needle = query.strip().toLowerCase(Locale.ROOT);
    List<String> ids = new ArrayList<>();
    for (Template template : catalog.templates()) {
      for (Variant v : template.variants().values()) {
        if (v.title().toLowerCase(Locale.ROOT).contains(needle)
            || v.body().pattern().toLowerCase(Locale.ROOT).contains(needle)) {
          ids.add(template.id().toString());
          break;
        }
      }
      if (ids.size() == limit) {
        break;
      }
    }
    return ids;
  }
}
