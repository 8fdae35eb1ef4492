package dev.rgmanager.operator.inprocess;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.Clients;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Crds;
import dev.rgmanager.operator.testing.KubeVirtCrds;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a reconciler test against the run's {@link ControlPlane} "reconciler" of three kwok nodes
 * (started once per JVM, the CRDs of crds/ and KubeVirt's API as CRDs applied once): each test gets
 * a fresh namespace, its own HACluster name and a fresh {@link InProcessOperator}, all as a {@link
 * LiveCluster} parameter. Afterwards its services are deleted (the operator removes their
 * finalizers), the operator stopped, its HACluster and namespace deleted, and the nodes left as
 * found: heartbeating, Ready, uncordoned and without the out-of-service taint. Skipped, with the
 * command to run, only when the control plane's binaries are not built; on CI (CI=true) even that
 * fails.
 */
public final class ReconcilerHarness
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  private static final String TAINT = "node.kubernetes.io/out-of-service";
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(ReconcilerHarness.class);
  private static KubernetesClient client;
  private static ControlPlane controlPlane;
  private static String unavailable;

  @Override
  public void beforeAll(ExtensionContext context) {
    shared();
  }

  /** Starts what the run shares, once; records why it cannot be had instead (binaries absent). */
  private static synchronized void shared() {
    if (client != null || unavailable != null) {
      return;
    }
    Optional<String> why = ControlPlane.notBuilt();
    if (why.isPresent()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why.get());
      }
      unavailable = why.get();
      System.err.println("reconciler tests skipped: " + unavailable);
      return;
    }
    // 600 s for `up`: the binaries are built (checked above), so it never builds them itself.
    controlPlane = ControlPlane.up(ControlPlane.RECONCILER, 3, 600);
    client = Clients.of(controlPlane);
    Crds.install(client);
    KubeVirtCrds.install(client);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    // Each test is reported skipped, with the reason (an abort in beforeAll is reported as
    // nothing).
    Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    Await.IN_PROCESS.until(
        "every node heartbeating, Ready and untainted",
        () -> client.nodes().list().getItems(),
        nodes ->
            nodes.stream().filter(n -> NODES.contains(n.getMetadata().getName())).count() == 3
                && nodes.stream().allMatch(n -> ready(n) && !tainted(n)));
    int n = TESTS.incrementAndGet();
    String name = "rt-" + n + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    InProcessOperator operator = InProcessOperator.start(client);
    context
        .getStore(STORE)
        .put(LiveCluster.class, new LiveCluster(client, controlPlane, name, name, operator));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    LiveCluster live = context.getStore(STORE).remove(LiveCluster.class, LiveCluster.class);
    if (live == null) {
      return;
    }
    live.closeWatches();
    live.failedNodes().forEach(live::recoverNode);
    var services = client.resources(ClusterService.class).inNamespace(live.namespace());
    services.delete();
    try {
      Await.IN_PROCESS.until(
          "the test's services deleted (their trees stopped)",
          () -> services.list().getItems(),
          List::isEmpty);
    } finally {
      live.operator().close();
      live.closeKubeVirt();
      // Whatever the operator could not finish is let go: the next test must not inherit it.
      services
          .list()
          .getItems()
          .forEach(
              s ->
                  services
                      .withName(s.getMetadata().getName())
                      .patch(
                          PatchContext.of(PatchType.JSON),
                          "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]"));
      // Every HACluster: one left behind would be the next test's active (oldest) cluster.
      client.resources(HACluster.class).delete();
      Await.IN_PROCESS.until(
          "no HACluster left",
          () -> client.resources(HACluster.class).list().getItems(),
          List::isEmpty);
      // VMIs keep KubeVirt's finalizer once the test's SimulatedKubeVirt is closed: let them go.
      var vmis =
          client
              .genericKubernetesResources(KubeVirtCrds.VIRTUAL_MACHINE_INSTANCE)
              .inNamespace(live.namespace());
      vmis.list()
          .getItems()
          .forEach(
              v ->
                  vmis.withName(v.getMetadata().getName())
                      .edit(
                          x -> {
                            x.getMetadata().setFinalizers(List.of());
                            return x;
                          }));
      client.namespaces().withName(live.namespace()).delete();
      for (Node node : client.nodes().list().getItems()) {
        if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
          client
              .nodes()
              .withName(node.getMetadata().getName())
              .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":null}}");
        }
        if (tainted(node)) {
          client
              .nodes()
              .withName(node.getMetadata().getName())
              .edit(
                  x -> {
                    x.getSpec().getTaints().removeIf(t -> TAINT.equals(t.getKey()));
                    return x;
                  });
        }
      }
    }
  }

  private static boolean ready(Node n) {
    return n.getStatus() != null
        && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean tainted(Node n) {
    return n.getSpec().getTaints() != null
        && n.getSpec().getTaints().stream().anyMatch(t -> TAINT.equals(t.getKey()));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LiveCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(STORE).get(LiveCluster.class, LiveCluster.class);
  }
}
