/** Benchmark material: large generated catalogs in the real format, deterministic from a seed. */
package dev.replykb.bench;
