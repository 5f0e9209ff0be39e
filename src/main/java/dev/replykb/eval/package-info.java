/** Relevance evaluation: labelled queries, metrics, and the baselines replykb is compared with. */
package dev.replykb.eval;
