package dev.replykb.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code replykb} command and its subcommands. */
@Command(
    name = "replykb",
    mixinStandardHelpOptions = true,
    versionProvider = Commands.Version.class,
    description = "Multilingual canned-reply knowledge base for e-commerce customer service.",
    subcommands = {
      ServeCommand.class,
      TokenCommand.class,
      IndexCommand.class,
      SearchCommand.class,
      EvalCommand.class,
      CalibrateCommand.class,
      StatusCommand.class,
      LintCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      BenchCorpusCommand.class
    })
public final class Commands implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** A command line ready to execute, with usage errors exiting 2 and failures 1. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Commands());
    // The last of a repeated option wins, as in most Unix tools (bin/serve appends --port 0).
    cli.setOverwrittenOptionsAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("replykb: " + e.getMessage());
          // The whole trace for whoever runs with -Dorg.slf4j.simpleLogger.defaultLogLevel=debug.
          LoggerFactory.getLogger(Commands.class).debug("The command failed", e);
          return 1;
        });
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Commands.class.getPackage().getImplementationVersion();
      return new String[] {"replykb " + (version == null ? "(development build)" : version)};
    }
  }
}
