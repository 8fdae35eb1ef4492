package dev.rgmanager.e2e;

import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.operator.testing.Clients;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Crds;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the real control plane: started once per run, the CRDs of crds/ installed once, a
 * Fabric8 client and a fresh namespace per test; when a test fails, the API objects and the
 * control-plane logs are saved under target/e2e-failures/.
 */
public class RealClusterExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final String HEARTBEAT_LABEL = "rgmanager.dev/heartbeat";
  private static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";
  private static KubernetesClient client;
  private static ControlPlane controlPlane;

  /**
   * The run's control plane "e2e", started on first use (`up` given 1800 s: on a fresh machine it
   * builds the binaries first) with -De2e.nodes kwok nodes (3); with -De2e.cluster=existing an
   * already running cluster (its kubeconfig in KUBECONFIG or -De2e.kubeconfig) is used instead and
   * left running.
   */
  public static synchronized ControlPlane controlPlane() {
    if (controlPlane == null) {
      if ("existing".equals(System.getProperty("e2e.cluster", "local"))) {
        String cfg = System.getProperty("e2e.kubeconfig", System.getenv("KUBECONFIG"));
        if (cfg == null) {
          throw new IllegalStateException(
              "-De2e.cluster=existing needs KUBECONFIG or -De2e.kubeconfig");
        }
        controlPlane = ControlPlane.existing(ControlPlane.E2E, Path.of(cfg));
      } else {
        controlPlane = ControlPlane.up(ControlPlane.E2E, Integer.getInteger("e2e.nodes", 3), 1800);
      }
    }
    return controlPlane;
  }

  /** The shared client, connected to the run's control plane with the CRDs installed. */
  public static synchronized KubernetesClient client() {
    if (client == null) {
      client = Clients.of(controlPlane());
      Crds.install(client);
    }
    return client;
  }

  @Override
  public void beforeEach(ExtensionContext ctx) {
    String ns =
        ("e2e-" + ctx.getRequiredTestMethod().getName().replaceAll("[^A-Za-z0-9]", ""))
            .toLowerCase(Locale.ROOT);
    ns =
        (ns.length() > 50 ? ns.substring(0, 50) : ns)
            + "-"
            + UUID.randomUUID().toString().substring(0, 5);
    client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    ctx.getStore(ExtensionContext.Namespace.GLOBAL).put(TestNamespace.class, new TestNamespace(ns));
  }

  @Override
  public void afterEach(ExtensionContext ctx) {
    TestNamespace ns =
        ctx.getStore(ExtensionContext.Namespace.GLOBAL)
            .get(TestNamespace.class, TestNamespace.class);
    if (ctx.getExecutionException().isPresent()) {
      FailureReport.save(client(), ns.name(), ctx.getDisplayName());
    }
    // Saved if it failed; then gone, so the next test's operator has nothing of it to act on.
    client().namespaces().withName(ns.name()).delete();
    leaveTheNodesAsFound();
  }

  /**
   * Whatever a test did to the shared nodes and cluster, passed or failed, the next test starts
   * from the same place: every BMC powered on, every node heartbeating and without the
   * out-of-service taint, no HACluster "e2e". Each repair is tried on its own.
   */
  private static void leaveTheNodesAsFound() {
    KubernetesClient c = client();
    attempt("BMC power", Bmcs::restorePowerIfStarted);
    for (Node node : c.nodes().list().getItems()) {
      String name = node.getMetadata().getName();
      Map<String, String> labels = node.getMetadata().getLabels();
      if (labels != null && "off".equals(labels.get(HEARTBEAT_LABEL))) {
        attempt("heartbeat of " + name, () -> controlPlane().recoverNode(name));
      }
      if (node.getSpec().getTaints() != null
          && node.getSpec().getTaints().stream().anyMatch(t -> OUT_OF_SERVICE.equals(t.getKey()))) {
        attempt(
            "out-of-service taint of " + name,
            () ->
                c.nodes()
                    .withName(name)
                    .edit(
                        n -> {
                          n.getSpec().getTaints().removeIf(t -> OUT_OF_SERVICE.equals(t.getKey()));
                          return n;
                        }));
      }
    }
    attempt("HACluster e2e", () -> c.resources(HACluster.class).withName("e2e").delete());
  }

  private static void attempt(String what, Runnable repair) {
    try {
      repair.run();
    } catch (RuntimeException e) {
      System.err.println("could not restore " + what + " after the test: " + e.getMessage());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    return t == KubernetesClient.class
        || t == TestNamespace.class
        || t == ControlPlane.class
        || t == Bmcs.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    if (t == KubernetesClient.class) {
      return client();
    }
    if (t == ControlPlane.class) {
      return controlPlane();
    }
    if (t == Bmcs.class) {
      client();
      return Bmcs.get(controlPlane(), Integer.getInteger("e2e.nodes", 3));
    }
    return e.getStore(ExtensionContext.Namespace.GLOBAL)
        .get(TestNamespace.class, TestNamespace.class);
  }
}
