package dev.replykb.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs the benchmarks: {@code bin/bench [what]}. */
public final class BenchRunner {
  private BenchRunner() {}

  public static void main(String[] args) throws Exception {
    String what = args.length == 0 ? "all" : args[0];
    if (what.startsWith("search")) {
      String sizes = what.contains(":") ? what.substring(what.indexOf(':') + 1) : "10k,100k,1m";
      new Runner(
              new OptionsBuilder()
                  .include(SearchBenchmark.class.getSimpleName())
                  .param("corpus", sizes.split(","))
                  .build())
          .run();
    }
  }
}
