package dev.replykb.search;

import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import dev.replykb.locale.VariantChoice;

/**
 * A template as served to one buyer: the variant chosen for their locale (converted to the other
 * Chinese script when that is what fits), how it was chosen, and its relevance.
 *
 * @param variant the text to serve; for a converted choice, already in the served script
 * @param score the relevance score of the template for the query, or NaN when not from a search
 */
public record Reply(Template template, Variant variant, VariantChoice choice, float score) {}
