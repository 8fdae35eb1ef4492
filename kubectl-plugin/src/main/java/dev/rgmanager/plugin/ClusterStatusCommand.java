package dev.rgmanager.plugin;

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
      ValidateCommand.class,
      ImportCommand.class,
      SimulateCommand.class
    })
public final class ClusterStatusCommand implements Callable<Integer> {
  @Mixin StatusOptions status = new StatusOptions();

  @Override
  public Integer call() {
    return StatusCommand.run(status, System.out, System.err, Clock.systemUTC());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ClusterStatusCommand()).execute(args));
  }
}
