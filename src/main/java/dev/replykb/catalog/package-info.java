/** Template files on disk: reading, front matter, ids, problems, and the in-memory catalog. */
package dev.replykb.catalog;
