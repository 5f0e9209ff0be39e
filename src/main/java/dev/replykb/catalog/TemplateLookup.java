package dev.replykb.catalog;

import java.util.Optional;

/** Templates by id: a whole catalog, or a snapshot's preview of one that is still being read. */
public interface TemplateLookup {
  /** The template {@code id}, or empty when there is none. */
  Optional<Template> template(TemplateId id);
}
