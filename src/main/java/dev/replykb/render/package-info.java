/** ICU MessageFormat bodies: syntax checks, placeholder inspection and rendering with variables. */
package dev.replykb.render;
