package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code helm install} of the chart into the real control plane: everything is created, the
 * operator's ServiceAccount may do what the operator needs and nothing more (asked with {@code
 * kubectl auth can-i}, answered by the API server's RBAC), its node patches are held by the chart's
 * ValidatingAdmissionPolicy to the out-of-service taint, and {@code helm uninstall} leaves only
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

  /** Runs {@code cmd} (at most 5 minutes): its exit status and its output, stderr included. */
  static Run run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    // read while it runs: a full pipe would block it
    java.util.concurrent.CompletableFuture<String> out =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "";
              }
            });
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " hung");
    }
    return new Run(p.exitValue(), out.join());
  }

  /** {@code tool} (kubectl, helm) of the control plane's binaries, against its kubeconfig. */
  static List<String> cmd(ControlPlane cp, String tool, String... args) {
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
    // A node of this test's own, never heartbeating (kwok leaves it alone) and tainted NoSchedule
    // (nothing is placed on it): the patches below touch no node another test uses, and it goes.
    String node = ns.name() + "-policy";
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
              // The custom resources' spec and metadata are the user's: only status is written,
              // and a ClusterService's finalizer (by patch).
              new Ask(false, "update", "haclusters.rgmanager.dev"),
              new Ask(false, "patch", "haclusters.rgmanager.dev"),
              new Ask(false, "patch", "fencedevices.rgmanager.dev", "-n", "default"),
              new Ask(false, "update", "fencedevices.rgmanager.dev", "-n", "default"),
              new Ask(false, "patch", "failoverdomains.rgmanager.dev", "-n", "default"),
              new Ask(false, "update", "failoverdomains.rgmanager.dev", "-n", "default"),
              new Ask(false, "update", "clusterservices.rgmanager.dev", "-n", "default"),
              new Ask(true, "patch", "clusterservices.rgmanager.dev", "-n", "default"),
              new Ask(true, "patch", "haclusters.rgmanager.dev", "--subresource=status"),
              new Ask(false, "update", "haclusters.rgmanager.dev", "--subresource=status"),
              new Ask(
                  true,
                  "update",
                  "clusterservices.rgmanager.dev",
                  "--subresource=finalizers",
                  "-n",
                  "default"),
              new Ask(false, "update", "haclusters.rgmanager.dev", "--subresource=finalizers"),
              new Ask(true, "patch", "nodes"),
              new Ask(false, "update", "nodes"),
              new Ask(false, "patch", "nodes", "--subresource=status"),
              new Ask(false, "delete", "nodes"),
              new Ask(true, "create", "pods", "-n", "default"),
              new Ask(false, "create", "pods", "--subresource=exec", "-n", "default"),
              new Ask(true, "create", "events", "-n", "default"),
              new Ask(true, "create", "poddisruptionbudgets.policy", "-n", "default"),
              new Ask(false, "delete", "poddisruptionbudgets.policy", "-n", "default"),
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

      nodePatchesAreHeldToTheOutOfServiceTaint(c, cp, as, node);

      // Uninstall: nothing of the release is left but the CRDs (Helm never deletes CRDs).
      Run uninstall = run(cmd(cp, "helm", "uninstall", RELEASE, "-n", release, "--wait"));
      assertThat(uninstall.exit()).as(uninstall.out()).isZero();
      // --wait covers the release's own objects; its ReplicaSets and pods go after, by the garbage
      // collector.
      for (String where : List.of(release, creds, "kube-node-lease")) {
        Await.REAL_CLUSTER.until(
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
                  "clusterroles,clusterrolebindings,validatingadmissionpolicies,"
                      + "validatingadmissionpolicybindings",
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
      c.nodes().withName(node).delete();
    }
  }

  private static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";
  private static final String POLICY = "ValidatingAdmissionPolicy '" + FULLNAME + "-node-taint'";

  /**
   * The ServiceAccount may patch nodes (RBAC) but the chart's ValidatingAdmissionPolicy admits only
   * what the operator writes: the out-of-service taint added or removed by a JSON patch against the
   * node as read. A label or another taint is refused with the policy's message and the node stays
   * as it was; anyone else is not concerned.
   */
  private static void nodePatchesAreHeldToTheOutOfServiceTaint(
      KubernetesClient c, ControlPlane cp, String as, String node) throws Exception {
    c.nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(node)
                .withLabels(Map.of("kubernetes.io/hostname", node))
                .endMetadata()
                .withNewSpec()
                .addNewTaint()
                .withKey("rgmanager.dev/e2e-helm")
                .withValue("policy")
                .withEffect("NoSchedule")
                .endTaint()
                .endSpec()
                .build())
        .create();
    // The API server applies a new policy once its informer has it: a server-side dry run (which
    // goes through admission and changes nothing) shows when.
    Await.REAL_CLUSTER.until(
        "the node taint policy in force",
        Duration.ofSeconds(60),
        () ->
            kubectl(cp, "label", "node", node, "rgmanager.dev/e2e-evil=yes", "--dry-run=server", as)
                .out(),
        out -> out.contains(POLICY));

    Run label =
        patchNode(
            c,
            cp,
            as,
            node,
            n -> List.of(op("add", "/metadata/labels/rgmanager.dev~1e2e-evil", "yes")));
    assertThat(label.exit()).as(label.out()).isNotZero();
    assertThat(label.out()).contains(POLICY, "denied request", "not its other labels");
    assertThat(c.nodes().withName(node).get().getMetadata().getLabels())
        .doesNotContainKey("rgmanager.dev/e2e-evil");

    // A VM's binding label (vm.rgmanager.dev/<vm>=true) is what the operator writes besides the
    // taint: admitted with the value true, refused with any other.
    Run binding =
        patchNode(
            c,
            cp,
            as,
            node,
            n -> List.of(op("add", "/metadata/labels/vm.rgmanager.dev~1e2e-guest", "true")));
    assertThat(binding.exit()).as(binding.out()).isZero();
    assertThat(c.nodes().withName(node).get().getMetadata().getLabels())
        .containsEntry("vm.rgmanager.dev/e2e-guest", "true");
    Run forged =
        patchNode(
            c,
            cp,
            as,
            node,
            n -> List.of(op("add", "/metadata/labels/vm.rgmanager.dev~1e2e-forged", "node-1")));
    assertThat(forged.exit()).as(forged.out()).isNotZero();
    assertThat(forged.out()).contains(POLICY, "binding labels (value true)");
    Run unbind =
        patchNode(
            c,
            cp,
            as,
            node,
            n -> List.of(op("remove", "/metadata/labels/vm.rgmanager.dev~1e2e-guest")));
    assertThat(unbind.exit()).as(unbind.out()).isZero();
    assertThat(c.nodes().withName(node).get().getMetadata().getLabels())
        .doesNotContainKey("vm.rgmanager.dev/e2e-guest");

    Run other =
        patchNode(
            c,
            cp,
            as,
            node,
            n ->
                List.of(
                    op(
                        "add",
                        "/spec/taints/-",
                        Map.of("key", "rgmanager.dev/e2e-other", "effect", "NoExecute"))));
    assertThat(other.exit()).as(other.out()).isNotZero();
    assertThat(other.out()).contains(POLICY, "no other taint");
    assertThat(taintKeys(c, node)).doesNotContain("rgmanager.dev/e2e-other");

    // What OutOfServiceTaint writes: add after the last taint, then remove it by index.
    Run add =
        patchNode(
            c,
            cp,
            as,
            node,
            n ->
                List.of(
                    op(
                        "add",
                        "/spec/taints/-",
                        Map.of(
                            "key",
                            OUT_OF_SERVICE,
                            "value",
                            "nodeshutdown",
                            "effect",
                            "NoExecute"))));
    assertThat(add.exit()).as(add.out()).isZero();
    assertThat(taintKeys(c, node)).contains(OUT_OF_SERVICE, "rgmanager.dev/e2e-helm");
    Run remove =
        patchNode(
            c,
            cp,
            as,
            node,
            n -> {
              List<Taint> taints = n.getSpec().getTaints();
              int i = 0;
              while (!OUT_OF_SERVICE.equals(taints.get(i).getKey())) {
                i++;
              }
              return List.of(
                  op("test", "/spec/taints/" + i + "/key", OUT_OF_SERVICE),
                  op("remove", "/spec/taints/" + i));
            });
    assertThat(remove.exit()).as(remove.out()).isZero();
    assertThat(taintKeys(c, node))
        .doesNotContain(OUT_OF_SERVICE)
        .contains("rgmanager.dev/e2e-helm");

    // The policy concerns the operator's ServiceAccount only.
    Run admin = kubectl(cp, "label", "node", node, "rgmanager.dev/e2e-admin=yes");
    assertThat(admin.exit()).as(admin.out()).isZero();
  }

  /**
   * A JSON patch of {@code node} as {@code as}, built from the node as read and locked to its
   * resourceVersion as the operator's are; tried again when the node changed in between (the node
   * lifecycle controller taints a node that never reports).
   */
  private static Run patchNode(
      KubernetesClient c,
      ControlPlane cp,
      String as,
      String node,
      Function<Node, List<Map<String, Object>>> ops) {
    Run last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      Node n = c.nodes().withName(node).get();
      List<Map<String, Object>> patch = new ArrayList<>();
      patch.add(op("test", "/metadata/resourceVersion", n.getMetadata().getResourceVersion()));
      patch.addAll(ops.apply(n));
      last =
          kubectl(cp, "patch", "node", node, "--type=json", "-p", Serialization.asJson(patch), as);
      if (last.exit() == 0 || last.out().contains("denied request")) {
        return last;
      }
    }
    throw new AssertionError("patch of node " + node + " kept failing: " + last.out());
  }

  private static Map<String, Object> op(String op, String path, Object... value) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("op", op);
    out.put("path", path);
    if (value.length > 0) {
      out.put("value", value[0]);
    }
    return out;
  }

  private static List<String> taintKeys(KubernetesClient c, String node) {
    List<Taint> taints = c.nodes().withName(node).get().getSpec().getTaints();
    return taints == null ? List.of() : taints.stream().map(Taint::getKey).toList();
  }

  private static Run kubectl(ControlPlane cp, String... args) {
    try {
      return run(cmd(cp, "kubectl", args));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
