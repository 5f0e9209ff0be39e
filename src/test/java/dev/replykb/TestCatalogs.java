package dev.replykb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Fixture catalogs for tests: copied to a temporary folder so tests may change them. */
public final class TestCatalogs {
  private TestCatalogs() {}

  /**
   * The fixture catalog {@code src/test/resources/catalogs/<name>}, copied under {@code dir}, with
   * the house rules the product ships ({@code templates/rules.yaml}) unless it has its own.
   */
  public static Path copy(String name, Path dir) {
    try {
      Path target =
          copyTree(
              Path.of(TestCatalogs.class.getResource("/catalogs/" + name).toURI()),
              dir.resolve(name));
      Path rules = target.resolve("rules.yaml");
      if (!Files.exists(rules)) {
        Files.copy(bundled().resolve("rules.yaml"), rules);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bundled catalog ({@code templates/}), copied under {@code dir} so a test may change it. */
  public static Path copyBundled(Path dir) {
    try {
      return copyTree(bundled(), dir.resolve("templates"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path to = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return target;
  }

  /** The bundled catalog of the project, {@code templates/} (tests run from the project root). */
  public static Path bundled() {
    return Path.of("templates").toAbsolutePath();
  }

  /** Writes {@code text} as UTF-8 at {@code root/relative}, creating folders. */
  public static Path write(Path root, String relative, String text) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
