package dev.rgmanager.operator.core.bench;

import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.core.Decision;
import dev.rgmanager.operator.core.Desired;
import dev.rgmanager.operator.core.FailoverRules;
import dev.rgmanager.operator.core.Member;
import dev.rgmanager.operator.core.NoQuorumPolicy;
import dev.rgmanager.operator.core.Recovery;
import dev.rgmanager.operator.core.ServiceEngine;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.core.ServicePolicy;
import dev.rgmanager.operator.core.ServiceStanding;
import dev.rgmanager.operator.core.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One node of a running cluster fails (and is fenced): what does the decision core do?
 *
 * <ul>
 *   <li>{@code fullRecompute}: build the cluster view and decide every service again, the work an
 *       operator without an owner index would do.
 *   <li>{@code nodeEvent}: change the one member in the view and decide only the services that ran
 *       on the lost node, the work the core needs.
 * </ul>
 *
 * <p>The cluster: {@code nodes} members, {@code domains} failover domains of five members each
 * (ordered or not, restricted or not, some nofailback), {@code services} started services spread
 * evenly over their domains' members.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NodeFailureBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final String LOST = node(0);

  @Param({"1000", "10000", "100000"})
  public int services;

  @Param({"1000"})
  public int nodes;

  @Param({"200"})
  public int domains;

  private List<Member> membersAfter;
  private List<ServiceFacts> facts;
  private ClusterView before;

  private static String node(int i) {
    return String.format("node-%04d", i);
  }

  @Setup
  public void setUp() {
    Instant upSince = NOW.minusSeconds(3600);
    List<Member> members = new ArrayList<>();
    membersAfter = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      members.add(new Member(node(i), true, false, upSince));
      membersAfter.add(i == 0 ? new Member(node(i), false, true) : members.get(i));
    }
    List<FailoverRules> rules = new ArrayList<>();
    int size = 5;
    for (int k = 0; k < domains; k++) {
      Map<String, Integer> priorities = new LinkedHashMap<>();
      for (int j = 0; j < size; j++) {
        priorities.put(node((k * size + j) % nodes), j + 1);
      }
      rules.add(new FailoverRules("d" + k, k % 2 == 0, k % 3 != 0, k % 5 == 0, priorities));
    }
    facts = new ArrayList<>(services);
    for (int i = 0; i < services; i++) {
      FailoverRules d = rules.get(i % domains);
      int k = i % domains;
      String owner = node((k * size + (i / domains) % size) % nodes);
      facts.add(
          new ServiceFacts(
              "ns/svc-" + i,
              new ServicePolicy(d, true, false, Recovery.RESTART, null, null, null, false),
              Desired.ENABLED,
              false,
              new ServiceStanding(
                  dev.rgmanager.operator.core.State.STARTED,
                  owner,
                  null,
                  List.of(),
                  NOW.minusSeconds(600))));
    }
    before = new ClusterView(true, NoQuorumPolicy.FREEZE, members, facts);
  }

  @Benchmark
  public int fullRecompute(Blackhole bh) {
    ClusterView view = new ClusterView(true, NoQuorumPolicy.FREEZE, membersAfter, facts);
    int moves = 0;
    for (ServiceFacts s : view.services()) {
      Decision d = ServiceEngine.decide(s, view, Trigger.evaluate(), NOW);
      moves += d instanceof Decision.Keep ? 0 : 1;
      bh.consume(d);
    }
    return moves;
  }

  @Benchmark
  public int nodeEvent(Blackhole bh) {
    ClusterView view = before.withMember(new Member(LOST, false, true));
    int moves = 0;
    for (ServiceFacts s : view.ownedBy(LOST)) {
      Decision d = ServiceEngine.decide(s, view, Trigger.evaluate(), NOW);
      moves += d instanceof Decision.Keep ? 0 : 1;
      bh.consume(d);
    }
    return moves;
  }
}
