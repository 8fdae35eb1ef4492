package dev.rgmanager.operator.fencing;

import dev.rgmanager.operator.membership.MembershipInput.FenceOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest fencing outcome per node, written by the fence coordinator and read by membership. It
 * need not survive a restart: a fenced member is recorded in HACluster status, and a member still
 * being fenced is simply fenced again (fencing is idempotent).
 */
@ApplicationScoped
public class FenceLedger {
  private final Map<String, FenceOutcome> outcomes = new ConcurrentHashMap<>();

  public void record(String node, FenceOutcome outcome) {
    outcomes.put(node, outcome);
  }

  public void forget(String node) {
    outcomes.remove(node);
  }

  public Map<String, FenceOutcome> snapshot() {
    return Map.copyOf(outcomes);
  }
}
