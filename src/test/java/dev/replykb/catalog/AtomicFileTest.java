package dev.replykb.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed at any moment of a write leaves the old file or the new one, never a mix. */
class AtomicFileTest {
  @TempDir Path dir;

  /** A file version large enough (hundreds of kilobytes) that writing it takes many calls. */
  static String version(String name) {
    return "---\ntitle: "
        + name
        + "\n---\n"
        + ("Version " + name + ". ").repeat(name.equals("A") ? 20_000 : 30_000)
        + "\n";
  }

  @Test
  void aKilledWriterLeavesAWholeFile() throws Exception {
    Path target = dir.resolve("de/check/variant.md");
    Files.createDirectories(target.getParent());
    String a = version("A");
    String b = version("B");
    Files.writeString(target, a);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Random random = new Random(42);
    for (int kill = 0; kill < 12; kill++) {
      Process child =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashWriter.class.getName(),
                  target.toString())
              .redirectErrorStream(true)
              .start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        out.readLine(); // "writing": the loop has started
        Thread.sleep(20 + random.nextInt(200));
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        child.waitFor();
      }
      String now = Files.readString(target);
      assertTrue(now.equals(a) || now.equals(b), "kill " + kill + " left a partial file");
    }
    // Temporary files are hidden from the catalog; the only visible file is the target.
    try (Stream<Path> files = Files.list(target.getParent())) {
      List<Path> visible = files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
      assertTrue(visible.equals(List.of(target)), visible::toString);
    }
  }
}
