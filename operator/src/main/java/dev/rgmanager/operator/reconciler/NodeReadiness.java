package dev.rgmanager.operator.reconciler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;

/** Reads a node's Ready condition and cordon, and matches its labels. */
public final class NodeReadiness {
  private NodeReadiness() {}

  /** "True", "False", "Unknown", or null when the node reports no Ready condition. */
  public static String ready(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return null;
    }
    return node.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(NodeCondition::getStatus)
        .findFirst()
        .orElse(null);
  }

  /** True when the node carries every label of a matchLabels selector. */
  public static boolean matches(Node node, java.util.Map<String, String> matchLabels) {
    var labels = node.getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(matchLabels.entrySet());
  }

  /** True when the node is cordoned ({@code kubectl cordon}, {@code kubectl drain}). */
  public static boolean cordoned(Node node) {
    return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
  }

  public static boolean isReady(Node node) {
    return "True".equals(ready(node));
  }
}
