package dev.rgmanager.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The promise an HA manager exists for, over random clusters, faults, returns, failed stops and
 * administrator requests: the core never decides a start on node X while a copy of the service may
 * still run on a node Y other than X that is neither fenced nor confirmed stopped.
 *
 * <p>Where copies may run is tracked as a real cluster would leave them: a start puts one on its
 * node; only a stop on an online node that succeeds removes it; fencing removes every copy on the
 * fenced node; a node that comes back unfenced still runs what it ran (its kubelet restarts pods
 * the API still lists). Membership is taken at its worst: a lost node's heartbeat may return before
 * it is fenced and the node counts as online again, so the core must hold the promise on its own.
 */
class NoSecondCopyPropertiesTest {
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> KINDS =
      List.of(
          "down",
          "up",
          "standby",
          "unstandby",
          "fence",
          "statusFail",
          "startFail",
          "stopFail",
          "disable",
          "stop",
          "enable",
          "enableOn",
          "relocateTo",
          "restart");

  record Event(String kind, String node, int service) {}

  record Setup(List<ServiceFacts> services, List<Event> events) {}

  @Provide
  Arbitrary<Setup> setups() {
    Arbitrary<ServiceFacts> service =
        Combinators.combine(
                Arbitraries.integers().between(0, 99),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.of(Recovery.values()),
                Arbitraries.subsetOf(NODES).ofMinSize(1))
            .as(
                (n, ordered, restricted, recovery, members) -> {
                  return new ServiceFacts(
                      "ns/s" + n,
                      new ServicePolicy(
                          CoreFixtures.domainOf(
                              "d" + n, NODES, members, ordered, restricted, false),
                          true,
                          false,
                          recovery,
                          null,
                          null,
                          null,
                          false),
                      Desired.ENABLED,
                      false,
                      new ServiceStanding(null, null, null, List.of(), null));
                });
    Arbitrary<Event> event =
        Combinators.combine(
                Arbitraries.of(KINDS), Arbitraries.of(NODES), Arbitraries.integers().between(0, 5))
            .as(Event::new);
    return Combinators.combine(
            service.list().ofMinSize(1).ofMaxSize(4).uniqueElements(ServiceFacts::id),
            event.list().ofMinSize(1).ofMaxSize(14))
        .as(Setup::new);
  }

  @Property(tries = 1000)
  void neverAStartWhileACopyMayRunElsewhere(@ForAll("setups") Setup setup) {
    new World(setup.services()).run(setup.events());
  }

  /** The cluster the core decides for, with where copies of each service may run. */
  private static final class World {
    final Set<String> online = new HashSet<>(NODES);
    final Set<String> fenced = new HashSet<>();
    final Set<String> standby = new HashSet<>();
    final Map<String, ServiceFacts> services = new TreeMap<>();
    final Map<String, Set<String>> copies = new HashMap<>();
    final Set<String> stopFails = new HashSet<>();
    final Map<String, String> startFails = new HashMap<>();
    final List<String> trail = new ArrayList<>();

    World(List<ServiceFacts> initial) {
      initial.forEach(
          s -> {
            services.put(s.id(), s);
            copies.put(s.id(), new HashSet<>());
          });
    }

    void run(List<Event> events) {
      settle();
      for (Event e : events) {
        trail.add(e.toString());
        apply(e);
        settle();
      }
    }

    private void apply(Event e) {
      List<String> ids = new ArrayList<>(services.keySet());
      String id = ids.get(e.service() % ids.size());
      ServiceFacts s = services.get(id);
      switch (e.kind()) {
        case "down" -> online.remove(e.node());
        case "standby" -> standby.add(e.node());
        case "unstandby" -> standby.remove(e.node());
        case "up" -> {
          // Its heartbeat returns; unfenced, it still runs what it ran.
          online.add(e.node());
          if (fenced.remove(e.node())) {
            trail.add("rejoined after fencing: " + e.node());
          }
        }
        case "fence" -> {
          if (!online.contains(e.node()) && quorate()) {
            fenced.add(e.node());
            copies.values().forEach(c -> c.remove(e.node()));
          }
        }
        case "statusFail" -> {
          if (s.state() == State.STARTED && online.contains(s.owner())) {
            decide(id, Trigger.statusCheckFailed("injected"));
          }
        }
        case "startFail" -> startFails.put(id, e.node());
        case "stopFail" -> stopFails.add(id);
        case "disable" -> services.put(id, s.withIntent(Desired.DISABLED, false));
        case "stop" -> services.put(id, s.withIntent(Desired.STOPPED, false));
        case "enable" -> {
          services.put(id, s.withIntent(Desired.ENABLED, false));
          decide(id, Trigger.operation(Operation.ENABLE, null));
        }
        case "enableOn" -> {
          services.put(id, s.withIntent(Desired.ENABLED, false));
          decide(id, Trigger.operation(Operation.ENABLE, e.node()));
        }
        case "relocateTo" -> decide(id, Trigger.operation(Operation.RELOCATE, e.node()));
        case "restart" -> decide(id, Trigger.operation(Operation.RESTART, null));
        default -> throw new IllegalArgumentException(e.kind());
      }
    }

    boolean quorate() {
      return online.size() >= NODES.size() / 2 + 1;
    }

    ClusterView view() {
      List<Member> members = new ArrayList<>();
      NODES.forEach(
          n ->
              members.add(
                  new Member(
                      n, online.contains(n), fenced.contains(n), null, standby.contains(n))));
      return new ClusterView(quorate(), NoQuorumPolicy.FREEZE, members, services.values());
    }

    void settle() {
      for (int round = 0; round < 20; round++) {
        boolean changed = false;
        for (String id : new ArrayList<>(services.keySet())) {
          changed |= decide(id, Trigger.evaluate());
        }
        if (!changed) {
          return;
        }
      }
    }

    /** Decides once for one service and carries the decision out as a cluster would. */
    boolean decide(String id, Trigger trigger) {
      ServiceFacts s = services.get(id);
      ClusterView v = view();
      Decision d = ServiceEngine.decide(s, v, trigger, T);
      trail.add(id + " " + s.state() + "@" + s.owner() + " " + trigger.kind() + " -> " + d);
      Set<String> running = copies.get(id);
      if (d instanceof Decision.Stop stop) {
        String owner = s.owner();
        if (owner != null && running.contains(owner)) {
          if (!online.contains(owner) || stopFails.remove(id)) {
            // A stop that cannot be confirmed (owner unreachable, or the stop failed): failed.
            services.put(id, s.withStatus(State.FAILED, owner, s.lastOwner(), s.restarts()));
            return true;
          }
          running.remove(owner);
        }
        if (stop.then() == null) {
          return start(id, s, d, stop.thenNode(), v);
        }
      } else if (d instanceof Decision.Start start) {
        return start(id, s, d, start.node(), v);
      }
      ServiceFacts next = InstantOutcome.apply(s, d, T);
      services.put(id, next);
      return !next.equals(s);
    }

    private boolean start(String id, ServiceFacts s, Decision d, String node, ClusterView v) {
      Set<String> running = copies.get(id);
      for (String other : running) {
        if (!other.equals(node)) {
          assertThat(fenced.contains(other))
              .as(
                  "%s started on %s while a copy may run on %s (neither fenced nor stopped)%n%s",
                  id, node, other, String.join("\n", trail))
              .isTrue();
        }
      }
      assertThat(v.online(node)).as("start on an online node: %s", d).isTrue();
      // A member in standby starts nothing new; only a restart in place, where no other node can
      // run the service, may land there (the service is already there).
      boolean inPlace = node.equals(s.owner()) && d instanceof Decision.Stop;
      assertThat(!v.standby(node) || inPlace)
          .as("start on a member in standby: %s%n%s", d, String.join("\n", trail))
          .isTrue();
      ServiceFacts next = InstantOutcome.apply(s, d, T);
      if (node.equals(startFails.get(id))) {
        startFails.remove(id);
        // The start failed and its pods were removed again: nothing runs there.
        services.put(id, InstantOutcome.startFailed(next, node));
        return true;
      }
      running.add(node);
      services.put(id, next);
      return !next.equals(s);
    }
  }
}
