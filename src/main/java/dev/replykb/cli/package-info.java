/** The command line: serve, index and search. */
package dev.replykb.cli;
