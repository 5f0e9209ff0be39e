/** Per-language analysis, the Lucene index of variants, cross-lingual queries and ranking. */
package dev.replykb.search;
