package dev.rgmanager.operator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds clusters and services for core tests: cluster {A..G}, domain {A,B,C} with A=1, B=2, C=3.
 */
final class CoreFixtures {
  static final List<String> NODES = List.of("A", "B", "C", "D", "E", "F", "G");
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private CoreFixtures() {}

  static FailoverRules domain(boolean ordered, boolean restricted, boolean nofailback) {
    Map<String, Integer> p = new LinkedHashMap<>();
    p.put("A", 1);
    p.put("B", 2);
    p.put("C", 3);
    return new FailoverRules("abc", ordered, restricted, nofailback, p);
  }

  /**
   * The domain {@code name} of {@code members}, prioritised in the order they stand in {@code
   * nodes} (1 first).
   */
  static FailoverRules domainOf(
      String name,
      List<String> nodes,
      Set<String> members,
      boolean ordered,
      boolean restricted,
      boolean nofailback) {
    Map<String, Integer> prio = new LinkedHashMap<>();
    int p = 1;
    for (String m : nodes) {
      if (members.contains(m)) {
        prio.put(m, p++);
      }
    }
    return new FailoverRules(name, ordered, restricted, nofailback, prio);
  }

  static ServiceFacts service(FailoverRules domain) {
    return new ServiceFacts(
        "ns/svc",
        new ServicePolicy(domain, true, false, Recovery.RESTART, null, null, null, false),
        Desired.ENABLED,
        false,
        new ServiceStanding(null, null, null, List.of(), null));
  }

  static ServiceFacts started(ServiceFacts s, String owner) {
    return s.withStatus(State.STARTED, owner, s.lastOwner(), s.restarts());
  }

  static ServiceFacts withWindow(ServiceFacts s, int max, Duration expire, Recovery recovery) {
    return new ServiceFacts(
        s.id(),
        new ServicePolicy(
            s.domain(),
            s.autostart(),
            s.exclusive(),
            recovery,
            max,
            expire,
            s.depend(),
            s.dependMode(),
            s.policy().vmKind()),
        s.desired(),
        s.frozen(),
        new ServiceStanding(s.state(), s.owner(), s.lastOwner(), s.restarts(), null));
  }

  /**
   * A cluster whose online members are {@code online}; {@code fenced} members are offline and
   * fenced.
   */
  static ClusterView cluster(
      Set<String> online, Set<String> fenced, boolean quorate, ServiceFacts... services) {
    List<Member> members = new ArrayList<>();
    for (String n : NODES) {
      members.add(new Member(n, online.contains(n), fenced.contains(n)));
    }
    return new ClusterView(quorate, NoQuorumPolicy.STOP, members, List.of(services));
  }

  static ClusterView cluster(Set<String> online, ServiceFacts... services) {
    return cluster(online, Set.of(), true, services);
  }

  static Set<String> set(String... nodes) {
    return new HashSet<>(List.of(nodes));
  }
}
