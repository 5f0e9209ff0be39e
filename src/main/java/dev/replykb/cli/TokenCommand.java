package dev.replykb.cli;

import dev.replykb.http.AccessTokens;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Makes an API token: appends its digest, name and role to a tokens file for {@code serve --tokens}
 * and prints the token, once. The file never holds a token itself.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Make an API token for serve --tokens FILE: its digest goes into FILE, the token is printed"
          + " once.",
      "Roles: agent (search, render, record use), translator (edit; --locales limits which),"
          + " admin (reload, re-index, catalog problems)."
    })
final class TokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--file",
      required = true,
      paramLabel = "FILE",
      description = "the tokens file (created when missing)")
  Path file;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "who holds it, as it shows in the request log: anna, helpdesk-bot")
  String name;

  @Option(
      names = "--role",
      required = true,
      paramLabel = "ROLE",
      description = "agent, translator or admin")
  String role;

  @Option(
      names = "--locales",
      paramLabel = "TAGS",
      description = "for a translator: the locales it may edit, comma-separated (de,fr-CA)")
  String locales;

  @Override
  public Integer call() throws Exception {
    String token = AccessTokens.issue(file, name, role, locales);
    spec.commandLine().getOut().println(token);
    spec.commandLine()
        .getErr()
        .println(
            "Added '"
                + name
                + "' ("
                + role
                + ") to "
                + file
                + ". Hand the token above to its holder:"
                + " it is not kept anywhere.");
    return 0;
  }
}
