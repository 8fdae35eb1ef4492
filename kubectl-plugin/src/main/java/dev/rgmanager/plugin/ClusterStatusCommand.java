package dev.rgmanager.plugin;

import dev.rgmanager.plugin.cluster.ClientPreparation;
import dev.rgmanager.plugin.importer.ImportCommand;
import dev.rgmanager.plugin.ops.OperationCommands;
import dev.rgmanager.plugin.simulate.SimulateCommand;
import dev.rgmanager.plugin.status.StatusCommand;
import dev.rgmanager.plugin.status.StatusOptions;
import dev.rgmanager.plugin.validate.ValidateCommand;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl cluster-status}: with no subcommand the clustat view; the subcommands are
 * clusvcadm's operations, fence-ack, and the offline tools (validate, import, simulate).
 */
@Command(
    name = "kubectl cluster-status",
    mixinStandardHelpOptions = true,
    version = "rgmanager-operator kubectl plugin 0.1.0",
    description =
        "Cluster status and service operations for rgmanager-operator (clustat and clusvcadm).",
    subcommands = {
      OperationCommands.Enable.class,
      OperationCommands.Disable.class,
      OperationCommands.Relocate.class,
      OperationCommands.Stop.class,
      OperationCommands.Restart.class,
      OperationCommands.Migrate.class,
      OperationCommands.Freeze.class,
      OperationCommands.Unfreeze.class,
      OperationCommands.FenceAckCommand.class,
      OperationCommands.StandbyCommand.class,
      OperationCommands.UnstandbyCommand.class,
      ValidateCommand.class,
      ImportCommand.class,
      SimulateCommand.class
    })
public final class ClusterStatusCommand implements Callable<Integer> {
  @Mixin StatusOptions status = new StatusOptions();

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On an unexpected error, print its stack trace as well as its one line.")
  boolean debug;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return StatusCommand.run(
        status,
        spec.commandLine().getOut(),
        spec.commandLine().getErr(),
        Clock.systemUTC(),
        System.console() != null);
  }

  /**
   * The command line as a user runs it: an error nobody foresaw is still one line and exit 1 (the
   * stack trace only with --debug), never picocli's default of a stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ClusterStatusCommand());
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          var err = command.getErr();
          err.println(
              "error: "
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip())
                      .lines()
                      .findFirst()
                      .orElse(""));
          if (debug(parsed)) {
            e.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    return cli;
  }

  private static boolean debug(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /** The subcommands that work offline, and the options that print and stop, need no client. */
  private static final java.util.Set<String> OFFLINE =
      java.util.Set.of("validate", "import", "simulate", "-h", "--help", "-V", "--version", "help");

  /** True unless the command line names an offline subcommand or asks for help or the version. */
  static boolean talksToTheCluster(String[] args) {
    for (String arg : args) {
      if (OFFLINE.contains(arg)) {
        return false;
      }
    }
    return true;
  }

  public static void main(String[] args) {
    if (talksToTheCluster(args)) {
      ClientPreparation.start();
    }
    System.exit(commandLine().execute(args));
  }
}
