/**
 * BCP 47 tags, Accept-Language lists, and choosing the variant that fits a buyer (ICU
 * LocaleMatcher).
 */
package dev.replykb.locale;
