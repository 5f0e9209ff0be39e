package dev.replykb.catalog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes two versions of a file in turn, forever: the child process the crash test kills. */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    byte[] a = AtomicFileTest.version("A").getBytes(StandardCharsets.UTF_8);
    byte[] b = AtomicFileTest.version("B").getBytes(StandardCharsets.UTF_8);
    System.out.println("writing");
    System.out.flush();
    for (long i = 0; ; i++) {
      AtomicFile.write(target, i % 2 == 0 ? a : b);
    }
  }
}
