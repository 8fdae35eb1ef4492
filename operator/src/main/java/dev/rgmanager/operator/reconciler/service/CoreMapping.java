package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ClusterServiceSpec;
import dev.rgmanager.api.v1alpha1.ClusterServiceStatus;
import dev.rgmanager.api.v1alpha1.DomainMember;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.ResourceNode;
import dev.rgmanager.api.v1alpha1.ResourceType;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.core.DependMode;
import dev.rgmanager.operator.core.Desired;
import dev.rgmanager.operator.core.FailoverRules;
import dev.rgmanager.operator.core.Member;
import dev.rgmanager.operator.core.NoQuorumPolicy;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.core.ServicePolicy;
import dev.rgmanager.operator.core.ServiceStanding;
import dev.rgmanager.operator.core.State;
import dev.rgmanager.operator.core.VmKind;
import dev.rgmanager.operator.core.VmStanding;
import dev.rgmanager.operator.membership.Durations;
import dev.rgmanager.operator.reconciler.ClusterFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Translates the custom resources into the decision core's facts, and its states back. */
public final class CoreMapping {
  private CoreMapping() {}

  public static String id(ClusterService s) {
    return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
  }

  /** Every service indexed, under no membership yet (see {@link ClusterView#withMembership}). */
  static ClusterView servicesView(List<ServiceFacts> facts) {
    return new ClusterView(false, NoQuorumPolicy.STOP, List.of(), facts);
  }

  static List<Member> members(ClusterFacts facts) {
    List<Member> members = new ArrayList<>();
    facts
        .members()
        .values()
        .forEach(
            m ->
                members.add(
                    new Member(
                        m.name(),
                        m.state() == MemberState.ONLINE,
                        m.state() == MemberState.FENCED,
                        m.state() == MemberState.ONLINE ? instant(m.lastTransitionTime()) : null,
                        m.standbyOrDefault())));
    return members;
  }

  static NoQuorumPolicy policy(ClusterFacts facts) {
    return facts.cluster() == null
        ? NoQuorumPolicy.STOP
        : EnumMapping.toCore(facts.cluster().getSpec().noQuorumPolicyOrDefault());
  }

  public static ServiceFacts service(ClusterService s, Map<String, FailoverDomain> domains) {
    ClusterServiceSpec spec = s.getSpec();
    ClusterServiceStatus st = s.getStatus();
    String ns = s.getMetadata().getNamespace();
    List<Instant> restarts = new ArrayList<>();
    st.restartsOrEmpty().forEach(t -> restarts.add(Instant.parse(t)));
    return new ServiceFacts(
        id(s),
        new ServicePolicy(
            spec.domain() == null
                ? null
                : rules(domains.get(ns + "/" + spec.domain()), spec.domain()),
            spec.autostartOrDefault(),
            spec.exclusiveOrDefault(),
            EnumMapping.toCore(spec.recoveryOrDefault()),
            spec.maxRestarts(),
            spec.restartExpireTime() == null ? null : Durations.parse(spec.restartExpireTime()),
            spec.depend() == null ? null : ns + "/" + spec.depend(),
            dependMode(spec.dependModeOrDefault()),
            vmKind(spec.resourcesOrEmpty())),
        desired(s),
        spec.frozenOrDefault(),
        new ServiceStanding(
            EnumMapping.toCore(st.state()),
            st.owner(),
            st.lastOwner(),
            restarts,
            instant(st.lastTransitionTime()),
            held(st),
            new VmStanding(Set.of(), st.migrationFailedTo()),
            heading(st.transition())));
  }

  /**
   * The node a recorded transition takes the service to: a stop's next start, a migration's target,
   * a start's node (its owner already); null for none.
   */
  static String heading(dev.rgmanager.api.v1alpha1.Transition t) {
    if (t == null || t.action() == null) {
      return null;
    }
    return switch (t.action()) {
      case STOP -> t.then() == dev.rgmanager.api.v1alpha1.AfterStop.START ? t.thenNode() : null;
      case START, MIGRATE -> t.node();
    };
  }

  /**
   * The API's depend mode as the core's: an exhaustive switch, so that a mode added to the API and
   * not to the core is a compile error here.
   */
  static DependMode dependMode(dev.rgmanager.api.v1alpha1.DependMode m) {
    return switch (m) {
      case HARD -> DependMode.HARD;
      case SOFT -> DependMode.SOFT;
    };
  }

  static Desired desired(ClusterService s) {
    return EnumMapping.toCore(s.getSpec().stateOrDefault());
  }

  private static boolean held(ClusterServiceStatus st) {
    return st.conditionsOrEmpty().stream()
        .anyMatch(c -> StatusDraft.HELD_DISABLED.equals(c.type()) && "True".equals(c.status()));
  }

  /** A missing domain allows no node: the service stays stopped and says why. */
  static FailoverRules rules(FailoverDomain d, String name) {
    if (d == null) {
      return FailoverRules.missing(name);
    }
    Map<String, Integer> priorities = new LinkedHashMap<>();
    // Until the domain reconciler has resolved the members (selected nodes), the named ones.
    List<DomainMember> members =
        d.getStatus().resolved() ? d.getStatus().resolvedMembers() : d.getSpec().membersOrEmpty();
    members.forEach(m -> priorities.put(m.node(), m.priorityOrDefault()));
    var spec = d.getSpec();
    return new FailoverRules(
        name,
        spec.orderedOrDefault(),
        spec.restrictedOrDefault(),
        spec.nofailbackOrDefault(),
        priorities);
  }

  private static Instant instant(String rfc3339) {
    return rfc3339 == null ? null : Instant.parse(rfc3339);
  }

  public static ServiceState state(State s) {
    return EnumMapping.toApi(s);
  }

  /**
   * Whether the tree runs a VM, and how: a single resource that is a VM is the whole service (it
   * migrates); a VM anywhere in a larger tree cannot migrate.
   */
  static VmKind vmKind(List<? extends ResourceNode> roots) {
    if (roots.size() == 1
        && roots.get(0).type() == ResourceType.VM
        && roots.get(0).childNodes().isEmpty()) {
      return VmKind.SERVICE;
    }
    return hasVm(roots) ? VmKind.IN_TREE : VmKind.NONE;
  }

  private static boolean hasVm(List<? extends ResourceNode> nodes) {
    for (ResourceNode n : nodes) {
      if (n.type() == ResourceType.VM || hasVm(n.childNodes())) {
        return true;
      }
    }
    return false;
  }
}
