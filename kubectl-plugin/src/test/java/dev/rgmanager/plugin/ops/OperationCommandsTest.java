package dev.rgmanager.plugin.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.plugin.TestingCli;
import dev.rgmanager.plugin.TestingCli.Run;
import dev.rgmanager.plugin.cluster.TestingApiServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service named without a namespace is looked for as kubectl would: -n, else the context's
 * namespace, else default; when it is not there the answer says where it looked.
 */
class OperationCommandsTest {
  private static final String SERVICES = "/apis/rgmanager.dev/v1alpha1/namespaces/";

  @TempDir Path dir;

  @Test
  void aContextWithoutNamespaceMeansDefaultAndTheErrorSaysSo() throws IOException {
    try (TestingApiServer api = new TestingApiServer()) {
      Path kubeconfig = TestingApiServer.kubeconfig(dir, api.url(), null);

      Run r = TestingCli.withKubeconfig(kubeconfig, "relocate", "foo");

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err().strip())
          .isEqualTo(
              "error: unknown service foo: not found in namespace default (use -n NAMESPACE or"
                  + " NAMESPACE/NAME; kubectl get clusterservices -A lists them)");
      assertThat(api.requests()).contains("GET " + SERVICES + "default/clusterservices/foo");
    }
  }

  @Test
  void theContextsNamespaceAndTheFlagAreHonoured() throws IOException {
    try (TestingApiServer api = new TestingApiServer()) {
      Path kubeconfig = TestingApiServer.kubeconfig(dir, api.url(), "shop");

      Run context = TestingCli.withKubeconfig(kubeconfig, "disable", "foo");
      Run flag = TestingCli.withKubeconfig(kubeconfig, "restart", "foo", "-n", "ha-demo");

      assertThat(context.exit()).isEqualTo(1);
      assertThat(context.err()).contains("not found in namespace shop");
      assertThat(flag.exit()).isEqualTo(1);
      assertThat(flag.err()).contains("not found in namespace ha-demo");
      assertThat(api.requests())
          .contains(
              "GET " + SERVICES + "shop/clusterservices/foo",
              "GET " + SERVICES + "ha-demo/clusterservices/foo");
    }
  }

  @Test
  void theOperationsDocsExampleWorksAsWritten() throws IOException {
    // docs/operations.md: kubectl cluster-status relocate ha-demo/foo -m node-2 (here --no-wait).
    try (TestingApiServer api = new TestingApiServer()) {
      api.answer(
          "GET " + SERVICES + "ha-demo/clusterservices/foo",
          """
          {"apiVersion":"rgmanager.dev/v1alpha1","kind":"ClusterService",
           "metadata":{"name":"foo","namespace":"ha-demo","resourceVersion":"7"},
           "spec":{"resources":[]},
           "status":{"state":"started","owner":"node-1"}}
          """);
      Path kubeconfig = TestingApiServer.kubeconfig(dir, api.url(), null);

      Run r =
          TestingCli.withKubeconfig(
              kubeconfig, "relocate", "ha-demo/foo", "-m", "node-2", "--no-wait");

      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("ha-demo/foo: relocate requested (id ").contains("to node-2");
      assertThat(api.requests()).contains("PATCH " + SERVICES + "ha-demo/clusterservices/foo");
    }
  }

  @Test
  void aTimeoutSaysTheChangeGoesOnAndHowToFollowIt() throws IOException {
    try (TestingApiServer api = new TestingApiServer()) {
      // The operator never answers: the service stays started.
      api.answer(
          "GET " + SERVICES + "ha-demo/clusterservices/foo",
          """
          {"apiVersion":"rgmanager.dev/v1alpha1","kind":"ClusterService",
           "metadata":{"name":"foo","namespace":"ha-demo","resourceVersion":"7","generation":1},
           "spec":{"resources":[]},
           "status":{"state":"started","owner":"node-1"}}
          """);
      Path kubeconfig = TestingApiServer.kubeconfig(dir, api.url(), null);

      Run r = TestingCli.withKubeconfig(kubeconfig, "disable", "ha-demo/foo", "--timeout", "1");

      assertThat(r.exit()).isEqualTo(3);
      assertThat(r.out())
          .contains("no result within 1s")
          .contains("the operator goes on with it")
          .contains("kubectl get clusterservice foo -n ha-demo");
    }
  }

  @Test
  void aPendingRequestIsSaidToBePendingWithHowToWithdrawIt() {
    ClusterService s =
        Serialization.unmarshal(
            """
            apiVersion: rgmanager.dev/v1alpha1
            kind: ClusterService
            metadata:
              name: foo
              namespace: ha-demo
              annotations: {rgmanager.dev/operation: '{"id":"ab12cd34","op":"restart"}'}
            spec: {resources: []}
            """,
            ClusterService.class);
    String line = ServiceOperations.stillPending(new ServiceRef("ha-demo", "foo"), s, "ab12cd34");
    assertThat(line)
        .contains("(id ab12cd34) is still pending")
        .contains("kubectl annotate clusterservice foo -n ha-demo rgmanager.dev/operation-");
  }
}
