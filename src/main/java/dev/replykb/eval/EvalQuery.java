package dev.replykb.eval;

/**
 * One labelled query: what an agent typed, the locale they asked for, and the template and locale
 * folder that should come back.
 *
 * @param locale a tag, an Accept-Language list, or {@code auto}
 * @param line the line of the query file, for messages
 */
public record EvalQuery(
    String query, String locale, String expectedId, String expectedLocale, String kind, int line) {}
