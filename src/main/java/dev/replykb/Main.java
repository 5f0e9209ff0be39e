package dev.replykb;

import dev.replykb.cli.Commands;

/** Entry point of {@code java -jar replykb.jar COMMAND ...}. */
public final class Main {
  /**
   * Lucene warns through java.util.logging when the JDK's incubating vector module is not enabled;
   * bin/serve enables it, plain {@code java -jar} need not be told on every start. Held here so the
   * configured logger is not garbage-collected.
   */
  private static final java.util.logging.Logger VECTOR_LOG =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  private Main() {}

  public static void main(String[] args) {
    VECTOR_LOG.setLevel(java.util.logging.Level.SEVERE);
    int exit = Commands.commandLine(args).execute(args);
    // Always: a pool thread a library keeps alive for a minute after its last task (Javalin's
    // streaming executor, after a self-test) would otherwise hold the finished process open.
    System.exit(exit);
  }
}
