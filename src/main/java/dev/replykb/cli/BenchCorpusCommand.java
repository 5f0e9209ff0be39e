package dev.replykb.cli;

import dev.replykb.bench.CorpusGenerator;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Writes a large generated catalog for benchmarks. */
@Command(
    name = "bench-corpus",
    mixinStandardHelpOptions = true,
    description =
        "Write a large catalog for benchmarks: shops' versions of the seed catalog's templates,"
            + " deterministic from --seed.")
final class BenchCorpusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--templates", paramLabel = "N", required = true, description = "templates")
  int templates;

  @Option(
      names = "--locales",
      paramLabel = "L",
      defaultValue = "10",
      description = "locales, the source first (default: ${DEFAULT-VALUE})")
  int locales;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "an empty folder")
  Path out;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--from",
      paramLabel = "DIR",
      defaultValue = "templates",
      description = "the seed catalog whose templates shops adapt (default: ${DEFAULT-VALUE})")
  Path from;

  @Override
  public Integer call() throws Exception {
    if (templates < 1) {
      throw new ParameterException(spec.commandLine(), "--templates must be at least 1");
    }
    Catalog catalog = new CatalogLoader().load(from);
    long start = System.nanoTime();
    CorpusGenerator.Written written;
    try {
      written = new CorpusGenerator(catalog, seed).write(templates, locales, out);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s: %d templates, %d variants in %s (seed %d) in %.1f s%n",
            out,
            written.templates(),
            written.variants(),
            String.join(", ", written.locales()),
            seed,
            (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
