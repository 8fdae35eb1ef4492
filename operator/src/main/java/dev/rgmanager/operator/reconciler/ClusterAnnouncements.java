package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import dev.rgmanager.operator.events.EventRecorder;
import dev.rgmanager.operator.events.Reason;
import dev.rgmanager.operator.fencing.FenceCoordinator;
import dev.rgmanager.operator.membership.Acknowledgements;
import dev.rgmanager.operator.membership.MembershipChange;
import dev.rgmanager.operator.metrics.OperatorMetrics;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/** Tells what membership decided and what fencing does: a log line, an Event, a metric each. */
final class ClusterAnnouncements {
  private static final Logger LOG = Logger.getLogger(HAClusterReconciler.class);
  private final EventRecorder events;
  private final OperatorMetrics metrics;

  ClusterAnnouncements(EventRecorder events, OperatorMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /** The recorded changes of membership, refused acknowledgements, an unreadable quorum device. */
  void membership(
      HACluster cluster,
      List<MembershipChange> changes,
      Acknowledgements.Review acks,
      QuorumDeviceVote device,
      HAClusterStatus previous) {
    String name = cluster.getMetadata().getName();
    for (MembershipChange c : changes) {
      LOG.infof("cluster=%s node=%s change=%s reason=%s", name, c.node(), c.kind(), c.message());
      switch (c.kind()) {
        case JOINED -> events.normal(cluster, Reason.NodeJoined, c.message());
        case LOST -> events.warning(cluster, Reason.NodeLost, c.message());
        case STANDBY -> events.normal(cluster, Reason.NodeStandby, c.message());
        case STANDBY_ENDED -> events.normal(cluster, Reason.NodeStandbyEnded, c.message());
        case FENCE_NEEDED -> events.warning(cluster, Reason.FenceStarted, c.message());
        case FENCED -> events.normal(cluster, Reason.FenceSucceeded, c.message());
        case QUORUM_LOST -> events.warning(cluster, Reason.QuorumLost, c.message());
        case QUORUM_REGAINED -> events.normal(cluster, Reason.QuorumRegained, c.message());
      }
    }
    for (var refused : acks.refused()) {
      LOG.warnf(
          "cluster=%s node=%s acknowledgement=refused reason=%s",
          name, refused.node(), refused.message());
      events.warning(
          cluster,
          Reason.FenceAcknowledgementRefused,
          "acknowledgement of " + refused.node() + " refused: " + refused.message());
    }
    if (device.error() != null
        && !device.error().equals(ClusterStatusAggregator.deviceError(previous))) {
      LOG.warnf("cluster=%s quorumDevice=unreadable reason=%s", name, device.error());
      events.warning(cluster, Reason.QuorumDeviceUnreadable, device.error());
    }
  }

  /** Reports the coordinator's progress as Events on the HACluster and as metrics. */
  FenceCoordinator.Listener fencing(HACluster cluster) {
    return new FenceCoordinator.Listener() {
      @Override
      public void started(String node, String method) {
        LOG.infof("node=%s fence=started method=%s", node, method);
      }

      @Override
      public void methodFailed(String node, String method, int round, String message) {
        metrics.fence(method, false, Duration.ZERO);
        events.warning(
            cluster,
            Reason.FenceFailed,
            node + ": method " + method + " failed (round " + round + "): " + message);
      }

      @Override
      public void succeeded(String node, String method, int round, Duration took) {
        metrics.fence(method, true, took);
      }
    };
  }
}
