/** The Javalin edge: routes, JSON shapes and the one place where errors become JSON answers. */
package dev.replykb.http;
