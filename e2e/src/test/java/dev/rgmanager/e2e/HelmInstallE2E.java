package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code helm install} of the chart into the real control plane: everything is created, the
 * operator's ServiceAccount may do what the operator needs and nothing more (asked with {@code
 * kubectl auth can-i}, answered by the API server's RBAC), and {@code helm uninstall} leaves only
 * what the chart documents (the CRDs and the namespaces it was given).
 */
@RealCluster
class HelmInstallE2E {
  private static final String RELEASE = "rgm-e2e";
  private static final String FULLNAME = RELEASE + "-rgmanager-operator";
  private static final String INSTANCE = "app.kubernetes.io/instance=" + RELEASE;

  record Run(int exit, String out) {}

  /** The names of the release's objects still in a namespace, one per line. */
  private static String leftOfRelease(ControlPlane cp, String where) {
    try {
      return run(cmd(
              cp,
              "kubectl",
              "get",
              "deployments,replicasets,pods,services,serviceaccounts,roles,rolebindings,"
                  + "poddisruptionbudgets,configmaps,secrets",
              "-n",
              where,
              "-l",
              INSTANCE,
              "-o",
              "name"))
          .out()
          .strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Run run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " hung");
    }
    return new Run(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static List<String> cmd(ControlPlane cp, String tool, String... args) {
    List<String> c = new ArrayList<>();
    c.add(cp.binDir().resolve(tool).toString());
    c.add("--kubeconfig");
    c.add(cp.kubeconfig().toString());
    c.addAll(List.of(args));
    return c;
  }

  @Test
  void installGrantsLeastPrivilegeAndUninstallLeavesNothingUndocumented(
      KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    String release = ns.name();
    String creds = ns.name() + "-creds";
    c.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(creds).endMetadata().build())
        .serverSideApply();
    try {
      Run install =
          run(
              cmd(
                  cp,
                  "helm",
                  "install",
                  RELEASE,
                  RepoPaths.root().resolve("helm/rgmanager-operator").toString(),
                  "-n",
                  release,
                  "--set",
                  "fencing.secretNamespaces={" + release + "," + creds + "}"));
      assertThat(install.exit()).as(install.out()).isZero();

      // What the chart creates.
      Deployment d = c.apps().deployments().inNamespace(release).withName(FULLNAME).get();
      assertThat(d).isNotNull();
      assertThat(d.getSpec().getReplicas()).isEqualTo(2);
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      var container = pod.getContainers().get(0);
      assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(container.getSecurityContext().getCapabilities().getDrop()).contains("ALL");
      assertThat(container.getLivenessProbe()).isNotNull();
      assertThat(container.getReadinessProbe()).isNotNull();
      assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(c.serviceAccounts().inNamespace(release).withName(FULLNAME).get()).isNotNull();
      assertThat(c.services().inNamespace(release).withName(FULLNAME + "-metrics").get())
          .isNotNull();
      assertThat(
              c.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                  .map(x -> x.getMetadata().getName()))
          .contains(
              "haclusters.rgmanager.dev",
              "fencedevices.rgmanager.dev",
              "failoverdomains.rgmanager.dev",
              "clusterservices.rgmanager.dev");

      // What the operator's ServiceAccount may and may not do, answered by the API server.
      String as = "--as=system:serviceaccount:" + release + ":" + FULLNAME;
      record Ask(boolean allowed, String... args) {}
      List<Ask> asks =
          List.of(
              new Ask(true, "get", "secrets", "-n", release),
              new Ask(true, "get", "secrets", "-n", creds),
              new Ask(false, "get", "secrets", "-n", "default"),
              new Ask(false, "get", "secrets", "--all-namespaces"),
              new Ask(false, "list", "secrets", "-n", release),
              new Ask(false, "create", "secrets", "-n", release),
              new Ask(true, "list", "clusterservices.rgmanager.dev", "--all-namespaces"),
              new Ask(
                  true,
                  "patch",
                  "clusterservices.rgmanager.dev",
                  "--subresource=status",
                  "-n",
                  "default"),
              new Ask(false, "delete", "clusterservices.rgmanager.dev", "-n", "default"),
              new Ask(false, "create", "haclusters.rgmanager.dev"),
              new Ask(true, "patch", "nodes"),
              new Ask(false, "delete", "nodes"),
              new Ask(true, "create", "pods", "-n", "default"),
              new Ask(false, "create", "pods", "--subresource=exec", "-n", "default"),
              new Ask(true, "create", "events", "-n", "default"),
              new Ask(true, "list", "leases.coordination.k8s.io", "-n", "kube-node-lease"),
              new Ask(false, "update", "leases.coordination.k8s.io", "-n", "kube-node-lease"),
              new Ask(true, "create", "leases.coordination.k8s.io", "-n", release),
              new Ask(false, "create", "leases.coordination.k8s.io", "-n", "default"),
              new Ask(false, "create", "clusterroles.rbac.authorization.k8s.io"),
              new Ask(false, "delete", "customresourcedefinitions.apiextensions.k8s.io"));
      for (Ask ask : asks) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i"));
        args.addAll(List.of(ask.args()));
        args.add(as);
        Run answer = run(cmd(cp, "kubectl", args.toArray(String[]::new)));
        // The answer is the last line (kubectl may warn before it, e.g. about cluster scope).
        String[] lines = answer.out().strip().split("\n");
        assertThat(lines[lines.length - 1])
            .as("can-i " + String.join(" ", ask.args()))
            .isEqualTo(ask.allowed() ? "yes" : "no");
      }

      // Uninstall: nothing of the release is left but the CRDs (Helm never deletes CRDs).
      Run uninstall = run(cmd(cp, "helm", "uninstall", RELEASE, "-n", release, "--wait"));
      assertThat(uninstall.exit()).as(uninstall.out()).isZero();
      // --wait covers the release's own objects; its ReplicaSets and pods go after, by the garbage
      // collector.
      for (String where : List.of(release, creds, "kube-node-lease")) {
        Await.until(
            "nothing of the release left in " + where,
            Duration.ofSeconds(60),
            () -> leftOfRelease(cp, where),
            String::isEmpty);
      }
      Run clusterLeft =
          run(
              cmd(
                  cp,
                  "kubectl",
                  "get",
                  "clusterroles,clusterrolebindings",
                  "-l",
                  INSTANCE,
                  "-o",
                  "name"));
      assertThat(clusterLeft.out().strip()).isEmpty();
      assertThat(
              Stream.of("haclusters", "clusterservices")
                  .map(
                      r ->
                          c.apiextensions()
                              .v1()
                              .customResourceDefinitions()
                              .withName(r + ".rgmanager.dev")
                              .get()))
          .allMatch(crd -> crd != null);
    } finally {
      run(cmd(cp, "helm", "uninstall", RELEASE, "-n", release, "--ignore-not-found"));
      c.namespaces().withName(creds).delete();
    }
  }
}
