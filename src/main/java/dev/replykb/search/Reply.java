package dev.replykb.search;

import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.VariantChoice;

/**
 * A template as served to one buyer: the variant chosen for their locale (converted to the other
 * Chinese script when that is what fits), how it was chosen, and its relevance.
 *
 * @param variant the text to serve; for a converted choice, already in the served script
 * @param score the relevance score of the template for the query (lifted a little for templates
 *     agents use often), or NaN when not from a search
 * @param uses how often agents sent this template
 * @param confidence the probability that this is the reply the agent needs, or NaN when not from a
 *     search
 * @param features what the confidence was judged from, or null when not from a search
 */
public record Reply(
    Template template,
    Variant variant,
    VariantChoice choice,
    float score,
    long uses,
    double confidence,
    Confidence.Features features) {

  Reply judged(Confidence.Features features) {
    return new Reply(template, variant, choice, score, uses, Confidence.of(features), features);
  }

  /** True when the confidence reaches {@link Confidence#THRESHOLD}. */
  public boolean confident() {
    return confidence >= Confidence.THRESHOLD;
  }
}
