package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.ClusterNode;
import dev.rgmanager.api.v1alpha1.HAClusterSpec;
import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.membership.MembershipChange;
import dev.rgmanager.operator.membership.MembershipResult;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a membership decision asks to be done, worked out before anything is done (pure): the status
 * is recorded first, then the plan carried out ({@link #untaint} excepted, see there).
 *
 * @param untaint nodes back in the cluster whose out-of-service taint must go; removed before the
 *     status records them online, because nothing may be placed on a node that still carries the
 *     NoExecute taint (removing a restriction from a live node cannot start a second copy)
 * @param taint nodes recorded fenced that still lack the taint
 * @param fence members to fence (idempotent: a running fencing goes on)
 * @param stopFencing members no longer to be fenced (back, fenced, or the cluster is inquorate)
 * @param forget members online again, whose fence outcome is forgotten
 * @param unfence members that joined after being fenced (SCSI: their key is registered again)
 * @param fenced each member's taint wish: whether it should carry the taint
 */
record MembershipPlan(
    List<Node> untaint,
    List<String> taint,
    List<ClusterNode> fence,
    List<String> stopFencing,
    List<String> forget,
    List<ClusterNode> unfence,
    Map<String, Boolean> fenced) {

  static MembershipPlan of(
      MembershipResult result,
      Map<String, Node> nodes,
      HAClusterSpec spec,
      HAClusterStatus previous,
      java.util.function.Predicate<Node> tainted) {
    List<Node> untaint = new ArrayList<>();
    List<String> taint = new ArrayList<>();
    List<ClusterNode> fence = new ArrayList<>();
    List<String> stopFencing = new ArrayList<>();
    List<String> forget = new ArrayList<>();
    List<ClusterNode> unfence = new ArrayList<>();
    Map<String, Boolean> fenced = new java.util.HashMap<>();
    for (MemberStatus m : result.members()) {
      Node node = nodes.get(m.name());
      boolean isFenced = m.state() == MemberState.FENCED;
      fenced.put(m.name(), isFenced);
      if (node != null && tainted.test(node) != isFenced) {
        if (isFenced) {
          taint.add(m.name());
        } else {
          untaint.add(node);
        }
      }
      if (m.state() == MemberState.FENCING) {
        configured(spec, m.name()).ifPresent(fence::add);
      } else {
        stopFencing.add(m.name());
      }
      if (m.state() == MemberState.ONLINE) {
        forget.add(m.name());
      }
    }
    for (MembershipChange c : result.changes()) {
      if (c.kind() == MembershipChange.Kind.JOINED && wasFenced(previous, c.node())) {
        configured(spec, c.node()).ifPresent(unfence::add);
      }
    }
    return new MembershipPlan(untaint, taint, fence, stopFencing, forget, unfence, fenced);
  }

  private static Optional<ClusterNode> configured(HAClusterSpec spec, String name) {
    return spec.nodesOrEmpty().stream().filter(n -> n.name().equals(name)).findFirst();
  }

  private static boolean wasFenced(HAClusterStatus previous, String node) {
    return previous.membersOrEmpty().stream()
        .anyMatch(m -> m.name().equals(node) && m.state() == MemberState.FENCED);
  }
}
