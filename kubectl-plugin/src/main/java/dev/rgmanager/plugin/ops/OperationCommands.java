package dev.rgmanager.plugin.ops;

import dev.rgmanager.plugin.cluster.ClusterAccess;
import dev.rgmanager.plugin.cluster.ClusterConnection;
import dev.rgmanager.plugin.cluster.ClusterException;
import dev.rgmanager.plugin.cluster.ConnectionOptions;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The clusvcadm subcommands: one small class each, sharing how they connect, wait and fail. */
public final class OperationCommands {
  private OperationCommands() {}

  /** What every service operation shares: the service, its namespace, waiting. */
  abstract static class Base implements Callable<Integer> {
    @Parameters(
        index = "0",
        paramLabel = "SERVICE",
        description = "The ClusterService: NAME or NAMESPACE/NAME.")
    String service;

    @Option(
        names = {"-n", "--namespace"},
        description = "Namespace of the service (default: the context's, else default).")
    String namespace;

    @Mixin ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--no-wait", description = "Return once the request is written.")
    boolean noWait;

    @Option(
        names = "--timeout",
        defaultValue = "120",
        description = "Seconds to wait for the result (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      // A failure is thrown as one line (ClusterException, UnknownServiceException): the command
      // line prints it, and its stack trace with --debug.
      PrintWriter out = spec.commandLine().getOut();
      try (ClusterConnection cluster = ClusterAccess.connect(connection.kubeconfig, namespace)) {
        ServiceRef ref = ServiceRef.parse(service, cluster.namespace());
        try {
          return run(
              new ServiceOperations(
                  cluster.client(), out, Duration.ofSeconds(timeoutSeconds), !noWait),
              ref);
        } catch (KubernetesClientException e) {
          throw new ClusterException(cluster.explain(e), e);
        }
      } finally {
        out.flush();
      }
    }

    abstract int run(ServiceOperations ops, ServiceRef ref);
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Start the service (clusvcadm -e), on NODE if given.")
  public static final class Enable extends Base {
    @Option(
        names = {"-m", "--member"},
        paramLabel = "NODE",
        description = "Preferred node.")
    String node;

    @Override
    int run(ServiceOperations ops, ServiceRef ref) {
      return ops.setState(ref, "enabled", node);
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = "Stop the service and keep it down (clusvcadm -d).")
  public static final class Disable extends Base {
    @Override
    int run(ServiceOperations ops, ServiceRef ref) {
      return ops.setState(ref, "disabled", null);
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop the service (clusvcadm -s).")
  public static final class Stop extends Base {
    @Override
    int run(ServiceOperations ops, ServiceRef ref) {
      return ops.setState(ref, "stopped", null);
    }
  }

  @Command(
      name = "relocate",
      mixinStandardHelpOptions = true,
      description = "Move the service to another node (clusvcadm -r).")
  public static final class Relocate extends Base {
    @Option(
        names = {"-m", "--member"},
        paramLabel = "NODE",
        description = "Preferred target node.")
    String node;

    @Override
    int run(ServiceOperations ops, ServiceRef ref) {
      return ops.oneShot(ref, "relocate", node);
    }
  }

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description = "Restart the service in place (clusvcadm -R).")
  public static final class Restart extends Base {
    @Override
    int run(ServiceOperations ops, ServiceRef ref) {
      return ops.oneShot(ref, "restart", null);
    }
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = "Migrate a VM service to NODE (clusvcadm -M).")
  public static final class Migrate extends Base {
    @Option(
        names = {"-m", "--member"},
        required = true,
        paramLabel = "NODE",
        description = "Target node (required).")
    String node;

    @Override
    int run(ServiceOperations ops, ServiceRef ref) {
      return ops.oneShot(ref, "migrate", node);
    }
  }

  @Command(
      name = "freeze",
      mixinStandardHelpOptions = true,
      description = "Freeze the service: no checks, start, stop or failover (clusvcadm -Z).")
  public static final class Freeze extends Base {
    @Override
    int run(ServiceOperations ops, ServiceRef ref) {
      return ops.setFrozen(ref, true);
    }
  }

  @Command(
      name = "unfreeze",
      mixinStandardHelpOptions = true,
      description = "Unfreeze the service (clusvcadm -U).")
  public static final class Unfreeze extends Base {
    @Override
    int run(ServiceOperations ops, ServiceRef ref) {
      return ops.setFrozen(ref, false);
    }
  }

  @Command(
      name = "standby",
      mixinStandardHelpOptions = true,
      description =
          "Put NODE in standby for maintenance: cordon it, and wait until the operator has moved"
              + " every service off it (nothing starts or fails back there meanwhile).")
  public static final class StandbyCommand extends NodeCommand {
    @Override
    boolean standby() {
      return true;
    }
  }

  @Command(
      name = "unstandby",
      mixinStandardHelpOptions = true,
      description =
          "End NODE's standby: uncordon it, so that services may start and fail back there.")
  public static final class UnstandbyCommand extends NodeCommand {
    @Override
    boolean standby() {
      return false;
    }
  }

  /** What standby and unstandby share: the node, waiting, the connection. */
  abstract static class NodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Option(names = "--no-wait", description = "Return once the node is cordoned or uncordoned.")
    boolean noWait;

    @Option(
        names = "--timeout",
        defaultValue = "300",
        description = "Seconds to wait for the services to move (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Mixin ConnectionOptions connection = new ConnectionOptions();

    @Spec CommandSpec spec;

    abstract boolean standby();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ClusterConnection cluster = ClusterAccess.connect(connection.kubeconfig, null)) {
        try {
          return Standby.run(
              cluster.client(), node, standby(), !noWait, Duration.ofSeconds(timeoutSeconds), out);
        } catch (KubernetesClientException e) {
          throw new ClusterException(cluster.explain(e), e);
        }
      } finally {
        out.flush();
      }
    }
  }

  @Command(
      name = "fence-ack",
      mixinStandardHelpOptions = true,
      description = "Acknowledge that a lost NODE is off (fence_ack_manual).")
  public static final class FenceAckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Option(
        names = {"-y", "--yes"},
        description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--no-wait", description = "Return once the acknowledgement is written.")
    boolean noWait;

    @Option(
        names = "--timeout",
        defaultValue = "60",
        description = "Seconds to wait (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Mixin ConnectionOptions connection = new ConnectionOptions();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (ClusterConnection cluster = ClusterAccess.connect(connection.kubeconfig, null)) {
        try {
          return FenceAck.run(
              cluster.client(),
              node,
              yes,
              !noWait,
              Duration.ofSeconds(timeoutSeconds),
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
              out);
        } catch (KubernetesClientException e) {
          throw new ClusterException(cluster.explain(e), e);
        }
      } finally {
        out.flush();
      }
    }
  }
}
