package dev.rgmanager.e2e;

import static dev.rgmanager.e2e.FencingE2E.member;
import static dev.rgmanager.e2e.FencingE2E.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.FenceDevice;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.fence.Secret;
import dev.rgmanager.fence.iscsi.IscsiSession;
import dev.rgmanager.fence.iscsi.IscsiTarget;
import dev.rgmanager.fence.iscsi.ScsiIo;
import dev.rgmanager.fence.scsi.ChannelReservations;
import dev.rgmanager.fence.scsi.ReservationFencing;
import dev.rgmanager.fence.scsi.ReservationKey;
import dev.rgmanager.fence.scsi.ScsiStatus;
import dev.rgmanager.fence.testing.TgtdPeer;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When power fencing cannot work, a lost node's service stays where it was, and status says why;
 * once the administrator adds a storage method (SCSI-3 reservations on a real iSCSI target, tgtd),
 * the operator cuts the node off from the shared LUN and only then starts the service elsewhere.
 *
 * <p>The test plays the nodes' side of the storage: node-1 and node-2 each log in to the LUN with
 * their own initiator and register their key, as fence_scsi's unfence does on each node.
 */
@RealCluster
class StorageFencingE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String KEY_PREFIX = "e2e";

  /** A UDP port with no BMC behind it: power fencing of node-1 cannot succeed. */
  private static final int DEAD_BMC_PORT = Bmcs.BASE_PORT + 90;

  private static String manifests(String ns, TgtdPeer tgtd) {
    return BmcManifests.bmcCredentials()
        + """
        apiVersion: rgmanager.dev/v1alpha1
        kind: FenceDevice
        metadata:
          name: bmc-node-1
          namespace: rgmanager-system
        spec:
          agent: ipmilan
          ipmi:
            address: 127.0.0.1
            port: DEAD_PORT
          credentialsSecretRef:
            name: bmc-credentials
          timeout: 3s
        ---
        apiVersion: rgmanager.dev/v1alpha1
        kind: FenceDevice
        metadata:
          name: shared-lun
          namespace: rgmanager-system
        spec:
          agent: scsi
          scsi:
            portal: 127.0.0.1:ISCSI_PORT
            targetIqn: TARGET
            lun: 1
            keyPrefix: KEY_PREFIX
          timeout: 20s
        ---
        apiVersion: rgmanager.dev/v1alpha1
        kind: HACluster
        metadata:
          name: e2e
        spec:
          tokenTimeout: 4s
          postJoinDelay: 0s
          nodes:
            - name: node-1
              fenceMethods:
                - name: power
                  devices:
                    - device: bmc-node-1
                      namespace: rgmanager-system
            - name: node-2
            - name: node-3
        ---
        """
            .replace("DEAD_PORT", String.valueOf(DEAD_BMC_PORT))
            .replace("ISCSI_PORT", String.valueOf(tgtd.port()))
            .replace("TARGET", TgtdPeer.TARGET)
            .replace("KEY_PREFIX", KEY_PREFIX)
        + Manifests.REAL_CLUSTER.orderedDomain(ns)
        + Manifests.REAL_CLUSTER.appService(ns, "db", "abc");
  }

  private static IscsiSession nodeSession(TgtdPeer tgtd, String node) throws Exception {
    IscsiSession s =
        IscsiTarget.of("127.0.0.1", tgtd.port(), TgtdPeer.TARGET, 1, "iqn.2026-11.e2e:" + node)
            .login(Secret.none());
    long key = ReservationKey.forNodeName(KEY_PREFIX, node);
    assertThat(
            ReservationFencing.unfence(new ChannelReservations(s, node + " LUN"), key).succeeded())
        .isTrue();
    return s;
  }

  /** A WRITE from the node's own session; the first may report the unit attention of a preempt. */
  private static int write(IscsiSession s) throws Exception {
    int status = ScsiIo.write(s, 7, new byte[512]).status();
    return status == ScsiStatus.CHECK_CONDITION
        ? ScsiIo.write(s, 7, new byte[512]).status()
        : status;
  }

  @Test
  void whenPowerFencingFailsTheServiceWaitsThenStorageFencingCutsTheNodeOff(
      KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    Manifests.systemNamespace(c);
    try (TgtdPeer tgtd = TgtdPeer.start();
        IscsiSession node1 = nodeSession(tgtd, "node-1");
        IscsiSession node2 = nodeSession(tgtd, "node-2")) {
      var objects =
          c.load(
                  new ByteArrayInputStream(
                      manifests(ns.name(), tgtd).getBytes(StandardCharsets.UTF_8)))
              .items();
      objects.forEach(o -> c.resource(o).serverSideApply());
      try (OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "storage-fencing")) {
        Await.REAL_CLUSTER.until(
            "db started on node-1", WAIT, () -> where(c, ns.name()), "STARTED@node-1"::equals);
        assertThat(write(node1)).isEqualTo(ScsiStatus.GOOD);

        // node-1 is lost and its BMC does not answer: fencing fails round after round.
        cp.failNode("node-1");
        MemberStatus fencing =
            Await.REAL_CLUSTER.until(
                "two failed fence rounds for node-1",
                WAIT,
                () -> member(c, "node-1"),
                m ->
                    m != null
                        && m.state() == MemberState.FENCING
                        && m.fenceAttempts() != null
                        && m.fenceAttempts() >= 2);
        assertThat(fencing.message()).contains("power").contains("failed");
        assertThat(eventsAbout(c, "FenceFailed")).contains("node-1");

        // The service waits on node-1, and says why, for as long as node-1 is not fenced.
        Await.REAL_CLUSTER.holds(
            "db stays recovering on node-1",
            Duration.ofSeconds(8),
            () -> where(c, ns.name()),
            "RECOVERING@node-1"::equals);
        ClusterService db =
            c.resources(ClusterService.class).inNamespace(ns.name()).withName("db").get();
        assertThat(db.getStatus().message()).contains("node-1").contains("not yet fenced");
        assertThat(write(node1)).as("node-1 still writes").isEqualTo(ScsiStatus.GOOD);

        // The administrator adds a storage method: the next round cuts node-1 off the LUN.
        addStorageMethod(c);
        MemberStatus fenced =
            Await.REAL_CLUSTER.until(
                "node-1 fenced by storage",
                WAIT,
                () -> member(c, "node-1"),
                m -> m != null && m.state() == MemberState.FENCED);
        assertThat(fenced.fencedBy()).isEqualTo("storage");
        assertThat(write(node1)).as("node-1 is cut off").isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(write(node2)).as("node-2 still writes").isEqualTo(ScsiStatus.GOOD);
        Await.REAL_CLUSTER.until(
            "db started on node-2", WAIT, () -> where(c, ns.name()), "STARTED@node-2"::equals);
        assertThat(operator.logText())
            .contains("node=node-1 fence=failed method=power")
            .contains("node=node-1 fence=succeeded method=storage");

        assertThat(operator.logText()).doesNotContain(Bmcs.PASSWORD);
        assertThat(Serialization.asJson(c.v1().events().inAnyNamespace().list()))
            .doesNotContain(Bmcs.PASSWORD);
        assertThat(Serialization.asJson(c.resources(HACluster.class).list()))
            .doesNotContain(Bmcs.PASSWORD);
        assertThat(Serialization.asJson(c.resources(FenceDevice.class).inAnyNamespace().list()))
            .doesNotContain(Bmcs.PASSWORD);
      } finally {
        cp.recoverNode("node-1");
        c.resources(HACluster.class).withName("e2e").delete();
      }
    }
  }

  private static String eventsAbout(KubernetesClient c, String reason) {
    StringBuilder b = new StringBuilder();
    c.v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .forEach(e -> b.append(e.getMessage()).append('\n'));
    return b.toString();
  }

  private static void addStorageMethod(KubernetesClient c) {
    String patch =
        """
        {"spec": {"nodes": [
          {"name": "node-1", "fenceMethods": [
            {"name": "power", "devices": [{"device": "bmc-node-1", "namespace": "rgmanager-system"}]},
            {"name": "storage", "devices": [{"device": "shared-lun", "namespace": "rgmanager-system"}]}]},
          {"name": "node-2"},
          {"name": "node-3"}]}}
        """;
    c.resources(HACluster.class)
        .withName("e2e")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            patch);
  }
}
