package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import org.jboss.logging.Logger;

/** One structured line per decision about a service: service, node, decision, reason. */
final class DecisionLog {
  private static final Logger LOG = Logger.getLogger(ServiceReconciler.class);

  private DecisionLog() {}

  static void info(ClusterService s, String node, String decision, String reason) {
    LOG.infof(
        "service=%s node=%s decision=%s reason=%s",
        CoreMapping.id(s), node == null ? "-" : node, decision, reason);
  }

  static void debug(ClusterService s, String decision, String reason) {
    LOG.debugf("service=%s decision=%s reason=%s", CoreMapping.id(s), decision, reason);
  }
}
