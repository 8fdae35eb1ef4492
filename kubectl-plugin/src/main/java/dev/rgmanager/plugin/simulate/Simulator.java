package dev.rgmanager.plugin.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rgmanager.api.v1alpha1.ClusterNode;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.core.Decision;
import dev.rgmanager.operator.core.Desired;
import dev.rgmanager.operator.core.InstantOutcome;
import dev.rgmanager.operator.core.Member;
import dev.rgmanager.operator.core.NoQuorumPolicy;
import dev.rgmanager.operator.core.Operation;
import dev.rgmanager.operator.core.ServiceEngine;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.core.State;
import dev.rgmanager.operator.core.Trigger;
import dev.rgmanager.operator.membership.Durations;
import dev.rgmanager.operator.reconciler.service.CoreMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs the operator's decision core against a scenario with actuators that succeed at once (or fail
 * where the events say), recording each step's state and decisions. Services are evaluated in id
 * order, so a transcript is deterministic.
 */
final class Simulator {
  private static final int SETTLE_ROUNDS = 50;

  private final Map<String, Integer> votes = new LinkedHashMap<>();
  private final int expected;
  private final NoQuorumPolicy noQuorum;
  private final Set<String> online = new HashSet<>();
  private final Map<String, Instant> onlineSince = new HashMap<>();
  private final Set<String> fenced = new HashSet<>();
  private final Set<String> standby = new HashSet<>();
  private final Set<String> fenceFailing = new HashSet<>();
  // Lost while quorate and not yet fenced or acknowledged: out of the cluster whatever it does.
  private final Set<String> unclean = new HashSet<>();
  private final Map<String, ServiceFacts> services = new TreeMap<>();
  private final Map<String, String> startFails = new HashMap<>();
  private final Set<String> stopFails = new HashSet<>();
  private final SimulatedVms vms = new SimulatedVms();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private List<String> log = new ArrayList<>();

  Simulator(Scenario s) throws SimulationException {
    int total = 0;
    for (ClusterNode n : s.cluster().getSpec().nodesOrEmpty()) {
      votes.put(n.name(), n.votesOrDefault());
      total += n.votesOrDefault();
    }
    var spec = s.cluster().getSpec();
    expected =
        spec.twoNodeOrDefault() ? 1 : spec.expectedVotes() != null ? spec.expectedVotes() : total;
    noQuorum =
        dev.rgmanager.operator.reconciler.service.EnumMapping.toCore(
            spec.noQuorumPolicyOrDefault());
    for (String n : s.online()) {
      requireMember(n, "online");
      online.add(n);
      onlineSince.put(n, now);
    }
    Map<String, FailoverDomain> domains = new HashMap<>();
    s.domains()
        .forEach(
            d -> domains.put(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName(), d));
    for (ClusterService svc : s.services()) {
      services.put(CoreMapping.id(svc), CoreMapping.service(svc, domains));
    }
  }

  boolean quorate() {
    int present = 0;
    for (var e : votes.entrySet()) {
      present += online.contains(e.getKey()) ? e.getValue() : 0;
    }
    return present >= expected / 2 + 1;
  }

  Map<String, ServiceFacts> services() {
    return services;
  }

  List<String> takeLog() {
    List<String> out = log;
    log = new ArrayList<>();
    return out;
  }

  /** Lets the cluster settle: fence what must be fenced, decide for every service until stable. */
  void settle() {
    for (int round = 0; round < SETTLE_ROUNDS; round++) {
      boolean changed = fence();
      for (String id : new ArrayList<>(services.keySet())) {
        changed |= decide(id, Trigger.evaluate());
      }
      if (!changed) {
        return;
      }
    }
    log.add("the cluster did not settle within " + SETTLE_ROUNDS + " rounds");
  }

  private boolean fence() {
    if (!quorate()) {
      return false;
    }
    boolean changed = false;
    Set<String> victims = new java.util.TreeSet<>(unclean);
    for (ServiceFacts s : services.values()) {
      if (s.owner() != null) {
        victims.add(s.owner());
      }
    }
    for (String owner : victims) {
      if (!online.contains(owner) && !fenced.contains(owner)) {
        if (fenceFailing.contains(owner)) {
          String line = "fence " + owner + ": failed (every method), retrying";
          if (!log.contains(line)) {
            log.add(line);
          }
        } else {
          fenced.add(owner);
          unclean.remove(owner);
          vms.fenced(owner);
          log.add("fence " + owner + ": succeeded");
          changed = true;
        }
      }
    }
    return changed;
  }

  boolean decide(String id, Trigger trigger) {
    ServiceFacts s = vms.seen(services.get(id));
    Decision d = ServiceEngine.decide(s, view(), trigger, now);
    if (d instanceof Decision.Keep) {
      return false;
    }
    String target =
        d instanceof Decision.Start st
            ? st.node()
            : d instanceof Decision.Stop sp && sp.then() == null ? sp.thenNode() : null;
    String line = id + ": " + TranscriptWords.describe(d);
    // What lasts until something else happens is said once a step.
    if ((d instanceof Decision.AwaitFencing || d instanceof Decision.TwoCopies)
        && log.contains(line)) {
      return false;
    }
    log.add(line);
    if (d instanceof Decision.Stop sp && stopFails.remove(id)) {
      services.put(id, s.withStatus(State.FAILED, s.owner(), s.lastOwner(), s.restarts()));
      log.add(id + ": stop failed: failed");
      return true;
    }
    if (d instanceof Decision.Migrate m && vms.migrationFails(id)) {
      services.put(id, vms.migrationFailed(s, m.node()).since(now));
      log.add(id + ": migration to " + m.node() + " failed: still on " + s.owner());
      return true;
    }
    ServiceFacts next = InstantOutcome.apply(s, d, now);
    if (target != null && target.equals(startFails.get(id))) {
      startFails.remove(id);
      services.put(id, vms.completed(s, d, InstantOutcome.startFailed(next, target)));
      log.add(id + ": start on " + target + " failed");
      decide(id, Trigger.startFailed(target, "injected start failure"));
      return true;
    }
    next = vms.completed(s, d, next);
    if (next.state() != s.state() || !java.util.Objects.equals(next.owner(), s.owner())) {
      next = next.since(now);
    }
    services.put(id, next);
    return !next.equals(s) || d instanceof Decision.Refuse;
  }

  private ClusterView view() {
    List<Member> members = new ArrayList<>();
    for (String n : votes.keySet()) {
      members.add(
          new Member(
              n, online.contains(n), fenced.contains(n), onlineSince.get(n), standby.contains(n)));
    }
    return new ClusterView(quorate(), noQuorum, members, services.values());
  }

  /** Applies one step of the events file; the cluster then settles. */
  void step(JsonNode step, String where) throws SimulationException {
    now = now.plusMillis(1);
    String key = step.fieldNames().next();
    JsonNode v = step.get(key);
    switch (key) {
      case "nodeDown" -> {
        requireMember(v.asText(), where);
        if (online.remove(v.asText()) && quorate()) {
          unclean.add(v.asText());
        }
      }
      case "nodeUp" -> {
        requireMember(v.asText(), where);
        if (unclean.contains(v.asText())) {
          log.add(
              v.asText()
                  + ": heartbeat back, but it was lost and is not fenced: it stays out, and its"
                  + " services start nowhere else, until it is fenced or acknowledged");
        } else {
          online.add(v.asText());
          onlineSince.put(v.asText(), now);
          fenced.remove(v.asText());
        }
      }
      case "standby" -> {
        // kubectl cordon (or drain): the member stays online, its services move off.
        requireMember(v.asText(), where);
        standby.add(v.asText());
      }
      case "unstandby" -> {
        // kubectl uncordon: counts as a join, so that the domains fail back.
        requireMember(v.asText(), where);
        if (standby.remove(v.asText()) && online.contains(v.asText())) {
          onlineSince.put(v.asText(), now);
        }
      }
      case "fenceAck" -> {
        String node = v.asText();
        requireMember(node, where);
        if (online.contains(node)) {
          throw new SimulationException(
              where
                  + ": fenceAck "
                  + node
                  + ": it is online; only a lost node can be acknowledged");
        }
        fenced.add(node);
        unclean.remove(node);
        vms.fenced(node);
        log.add("fence " + node + ": acknowledged by an administrator");
      }
      case "fenceFails" -> fenceFailing.add(field(v, "node", where));
      case "fenceRecovers" -> fenceFailing.remove(field(v, "node", where));
      case "resourceFails" -> {
        String id = service(field(v, "service", where), where);
        field(v, "resource", where);
        if (services.get(id).state() == State.STARTED) {
          decide(
              id,
              Trigger.statusCheckFailed(v.get("resource").asText() + " failed its status check"));
        }
      }
      case "startFails" ->
          startFails.put(service(field(v, "service", where), where), field(v, "node", where));
      case "stopFails" -> stopFails.add(service(field(v, "service", where), where));
      case "migrationFails" -> vms.failNextMigration(vmService(v, where));
      case "vmFound" -> vmFound(v, where);
      case "vmGone" -> vmGone(v, where);
      case "operation" -> operation(v, where);
      case "advance" -> now = now.plus(duration(v, where));
      default ->
          throw new SimulationException(
              where
                  + ": unknown step '"
                  + key
                  + "' (nodeDown, nodeUp, standby, unstandby, fenceAck, resourceFails, startFails, stopFails, migrationFails, vmFound, vmGone, fenceFails, fenceRecovers, operation, advance)");
    }
    settle();
  }

  private void operation(JsonNode v, String where) throws SimulationException {
    String id = service(field(v, "service", where), where);
    String op = field(v, "op", where);
    String node = v.hasNonNull("node") ? v.get("node").asText() : null;
    ServiceFacts s = services.get(id);
    switch (op) {
      case "disable", "stop" -> {
        Desired d = op.equals("disable") ? Desired.DISABLED : Desired.STOPPED;
        services.put(id, s.withIntent(d, s.frozen()));
      }
      case "enable" -> {
        services.put(id, s.withIntent(Desired.ENABLED, s.frozen()));
        decide(id, Trigger.operation(Operation.ENABLE, node));
      }
      case "freeze", "unfreeze" -> services.put(id, s.withIntent(s.desired(), op.equals("freeze")));
      case "relocate", "restart", "migrate" ->
          decide(id, Trigger.operation(Operation.valueOf(op.toUpperCase(Locale.ROOT)), node));
      default ->
          throw new SimulationException(
              where
                  + ".op: '"
                  + op
                  + "' is not enable, disable, relocate, stop, restart, migrate, freeze or unfreeze");
    }
  }

  /** A copy of the VM started by hand: the next evaluation finds it (VM tracking decides). */
  private void vmFound(JsonNode v, String where) throws SimulationException {
    String id = vmService(v, where);
    String node = field(v, "node", where);
    requireMember(node, where);
    if (!vms.found(id, node)) {
      throw new SimulationException(where + ".node: the VM of " + id + " already runs on " + node);
    }
  }

  /**
   * A copy of the VM stopped by hand. When it was the only one, on the owner of a started service,
   * the owner's status check finds it gone, as the operator's would; otherwise VM tracking decides.
   */
  private void vmGone(JsonNode v, String where) throws SimulationException {
    String id = vmService(v, where);
    String node = field(v, "node", where);
    if (!vms.gone(id, node)) {
      throw new SimulationException(
          where
              + ".node: the VM of "
              + id
              + " does not run on "
              + node
              + " (it runs on: "
              + vms.runningOn(id)
              + ")");
    }
    ServiceFacts s = services.get(id);
    if (s.state() == State.STARTED
        && node.equals(s.owner())
        && online.contains(node)
        && vms.runningOn(id).isEmpty()) {
      decide(id, Trigger.statusCheckFailed("the VM is not running on " + node));
    }
  }

  /** The service a VM event names; one with no VM in its tree is an error in the events. */
  private String vmService(JsonNode v, String where) throws SimulationException {
    String id = service(field(v, "service", where), where);
    if (!services.get(id).vm()) {
      throw new SimulationException(where + ".service: " + id + " has no vm resource");
    }
    return id;
  }

  private String service(String id, String where) throws SimulationException {
    String full = id.contains("/") ? id : "default/" + id;
    if (!services.containsKey(full)) {
      throw new SimulationException(
          where + ".service: unknown service '" + id + "' (known: " + services.keySet() + ")");
    }
    return full;
  }

  private void requireMember(String node, String where) throws SimulationException {
    if (!votes.containsKey(node)) {
      throw new SimulationException(
          where + ": '" + node + "' is not a member (members: " + votes.keySet() + ")");
    }
  }

  private static java.time.Duration duration(JsonNode v, String where) throws SimulationException {
    if (!v.isTextual()) {
      throw new SimulationException(
          where + ": " + v + " is not a duration: use a number with ms, s, m or h, e.g. 30s");
    }
    try {
      return Durations.parse(v.asText());
    } catch (IllegalArgumentException e) {
      throw new SimulationException(where + ": " + e.getMessage());
    }
  }

  private static String field(JsonNode v, String name, String where) throws SimulationException {
    if (v == null || !v.hasNonNull(name)) {
      throw new SimulationException(where + "." + name + " is required");
    }
    return v.get(name).asText();
  }
}
