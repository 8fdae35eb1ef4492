package dev.rgmanager.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
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
 * Random clusters and random node failures and returns, settled with the decision core: the safety
 * rules hold at every decision, and enabled services end up started when they legally can.
 */
class CoreSafetyPropertiesTest {
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  record Setup(List<ServiceFacts> services, List<List<String>> events, Set<String> unfenceable) {}

  @Provide
  Arbitrary<Setup> setups() {
    Arbitrary<ServiceFacts> service =
        Combinators.combine(
                Arbitraries.integers().between(0, 999),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.subsetOf(NODES).ofMinSize(1))
            .as(
                (n, ordered, restricted, nofailback, exclusive, members) -> {
                  return new ServiceFacts(
                      "ns/s" + n,
                      new ServicePolicy(
                          CoreFixtures.domainOf(
                              "d" + n, NODES, members, ordered, restricted, nofailback),
                          true,
                          exclusive && n % 4 == 0,
                          Recovery.RESTART,
                          null,
                          null,
                          null,
                          false),
                      Desired.ENABLED,
                      false,
                      new ServiceStanding(null, null, null, List.of(), null));
                });
    Arbitrary<List<String>> event =
        Combinators.combine(Arbitraries.of("down", "up"), Arbitraries.of(NODES)).as(List::of);
    return Combinators.combine(
            service.list().ofMinSize(1).ofMaxSize(6).uniqueElements(ServiceFacts::id),
            event.list().ofMaxSize(8),
            Arbitraries.subsetOf(NODES).ofMaxSize(2))
        .as(Setup::new);
  }

  @Property(tries = 300)
  void safetyHoldsAtEveryDecision(@ForAll("setups") Setup setup) {
    Set<String> online = new HashSet<>(NODES);
    Set<String> fenced = new HashSet<>();
    Map<String, ServiceFacts> services = new TreeMap<>();
    setup.services().forEach(s -> services.put(s.id(), s));
    settle(services, online, fenced, setup.unfenceable());
    for (List<String> e : setup.events()) {
      if (e.get(0).equals("down")) {
        online.remove(e.get(1));
      } else {
        online.add(e.get(1));
        fenced.remove(e.get(1));
      }
      settle(services, online, fenced, setup.unfenceable());
    }
  }

  private static ClusterView view(
      Map<String, ServiceFacts> services, Set<String> online, Set<String> fenced) {
    List<Member> members = new ArrayList<>();
    NODES.forEach(n -> members.add(new Member(n, online.contains(n), fenced.contains(n))));
    boolean quorate = online.size() >= NODES.size() / 2 + 1;
    return new ClusterView(quorate, NoQuorumPolicy.STOP, members, services.values());
  }

  private static void settle(
      Map<String, ServiceFacts> services,
      Set<String> online,
      Set<String> fenced,
      Set<String> unfenceable) {
    for (int round = 0; round < 30; round++) {
      boolean changed = false;
      ClusterView v0 = view(services, online, fenced);
      if (v0.quorate()) {
        // Fencing succeeds for every offline owner (the coordinator's job), except where it keeps
        // failing.
        for (ServiceFacts s : services.values()) {
          if (s.owner() != null
              && !online.contains(s.owner())
              && !unfenceable.contains(s.owner())
              && fenced.add(s.owner())) {
            changed = true;
          }
        }
      }
      for (String id : new ArrayList<>(services.keySet())) {
        ServiceFacts s = services.get(id);
        ClusterView v = view(services, online, fenced);
        Decision d = ServiceEngine.decide(s, v, Trigger.evaluate(), T);
        String target =
            d instanceof Decision.Start st
                ? st.node()
                : d instanceof Decision.Stop sp && sp.then() == null ? sp.thenNode() : null;
        if (target != null) {
          assertThat(v.quorate()).as("no start while inquorate: %s", d).isTrue();
          assertThat(Placement.legalScore(s, target, v).legal())
              .as("legal target for %s: %s", id, d)
              .isTrue();
          if (s.owner() != null && !s.owner().equals(target) && !v.online(s.owner())) {
            assertThat(v.fenced(s.owner()))
                .as("old owner %s fenced before %s", s.owner(), d)
                .isTrue();
          }
        }
        ServiceFacts next = InstantOutcome.apply(s, d, T);
        if (!next.equals(s)) {
          services.put(id, next);
          changed = true;
        }
      }
      assertExclusive(services);
      if (!changed) {
        break;
      }
    }
    ClusterView v = view(services, online, fenced);
    if (v.quorate()) {
      for (ServiceFacts s : services.values()) {
        boolean canRun = NODES.stream().anyMatch(n -> Placement.legalScore(s, n, v).legal());
        boolean ownerStuck = s.owner() != null && !v.online(s.owner()) && !v.fenced(s.owner());
        if (canRun
            && !ownerStuck
            && !s.exclusive()
            && services.values().stream().noneMatch(ServiceFacts::exclusive)) {
          assertThat(s.state())
              .as("%s started when a legal node is online", s.id())
              .isEqualTo(State.STARTED);
        }
      }
    }
  }

  private static void assertExclusive(Map<String, ServiceFacts> services) {
    Map<String, List<ServiceFacts>> byNode = new TreeMap<>();
    services.values().stream()
        .filter(ServiceFacts::occupiesOwner)
        .forEach(s -> byNode.computeIfAbsent(s.owner(), k -> new ArrayList<>()).add(s));
    byNode.forEach(
        (node, list) -> {
          if (list.stream().anyMatch(ServiceFacts::exclusive)) {
            assertThat(list).as("an exclusive service runs alone on %s", node).hasSize(1);
          }
        });
  }
}
