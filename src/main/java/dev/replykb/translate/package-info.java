/**
 * The translator workflow: translation status against the source, quality checks and house rules,
 * and exchange with translation tools.
 */
package dev.replykb.translate;
