package dev.replykb.cli;

import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code replykb} command and its subcommands. */
@Command(
    name = "replykb",
    mixinStandardHelpOptions = true,
    versionProvider = Commands.Version.class,
    description = "Multilingual canned-reply knowledge base for e-commerce customer service.")
public final class Commands implements Runnable {
  /** The subcommands, in the order the usage help lists them. */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
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
          BenchCorpusCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** A command line ready to execute, with usage errors exiting 2 and failures 1. */
  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * As {@link #commandLine()}, for {@code args}: when they name a subcommand, only that one is
   * made; otherwise all, for the usage help and a mistyped command's suggestions. Picocli reads the
   * options of every subcommand it is given by reflection: with all eleven that took 330-370 ms of
   * each {@code serve} start (with the startup cache, at a million variants, on an hour when the
   * first answer came after about 1.8 s), with {@code serve} alone 200-220 ms.
   */
  public static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new Commands());
    String invoked = args == null || args.length == 0 ? null : args[0];
    Class<?> only =
        SUBCOMMANDS.stream()
            .filter(c -> c.getAnnotation(Command.class).name().equals(invoked))
            .findFirst()
            .orElse(null);
    for (Class<?> command : only == null ? SUBCOMMANDS : List.of(only)) {
      cli.addSubcommand(command);
    }
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
