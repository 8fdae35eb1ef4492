package dev.rgmanager.operator.fencing;

import dev.rgmanager.operator.membership.MembershipInput.FenceOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest fencing outcome per node, written by the fence coordinator and read by membership. It
 * need not survive a restart: a fenced member is recorded in HACluster status, and a member still
 * being fenced is simply fenced again (fencing is idempotent).
 *
 * <p>Each outcome is announced to the subscribers once recorded: membership reconciles at once on a
 * fence outcome rather than at its next scheduled check.
 */
@ApplicationScoped
public class FenceLedger {
  private final Map<String, FenceOutcome> outcomes = new ConcurrentHashMap<>();
  private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

  public void record(String node, FenceOutcome outcome) {
    outcomes.put(node, outcome);
    subscribers.forEach(s -> s.accept(node));
  }

  /** Calls {@code subscriber} with the node's name after each outcome is recorded. */
  public void subscribe(Consumer<String> subscriber) {
    subscribers.add(subscriber);
  }

  public void forget(String node) {
    outcomes.remove(node);
  }

  public Map<String, FenceOutcome> snapshot() {
    return Map.copyOf(outcomes);
  }
}
