package dev.rgmanager.operator.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as the core sees it: quorum, the no-quorum policy, members, and every service (for
 * exclusive and depend). Services are indexed by owner so that placement work grows with the
 * services affected, not with all services.
 */
public final class ClusterView {
  private final boolean quorate;
  private final NoQuorumPolicy noQuorumPolicy;
  private final Map<String, Member> members;
  private final Map<String, ServiceFacts> services;
  private final Map<String, List<ServiceFacts>> byOwner;
  private final Map<String, Integer> exclusiveByOwner;
  // Services heading for a node other than their owner (a move under way), by that node.
  private final Map<String, List<ServiceFacts>> heading;

  public ClusterView(
      boolean quorate,
      NoQuorumPolicy noQuorumPolicy,
      Collection<Member> members,
      Collection<ServiceFacts> services) {
    this.quorate = quorate;
    this.noQuorumPolicy = noQuorumPolicy;
    this.members = new LinkedHashMap<>();
    members.forEach(m -> this.members.put(m.name(), m));
    this.services = new LinkedHashMap<>();
    this.byOwner = new HashMap<>();
    this.exclusiveByOwner = new HashMap<>();
    this.heading = new HashMap<>();
    for (ServiceFacts s : services) {
      this.services.put(s.id(), s);
      if (s.occupiesOwner()) {
        byOwner.computeIfAbsent(s.owner(), k -> new ArrayList<>()).add(s);
        if (s.exclusive()) {
          exclusiveByOwner.merge(s.owner(), 1, Integer::sum);
        }
      }
      String to = s.headingElsewhere();
      if (to != null) {
        heading.computeIfAbsent(to, k -> new ArrayList<>()).add(s);
      }
    }
  }

  private ClusterView(
      ClusterView base, boolean quorate, NoQuorumPolicy policy, Map<String, Member> members) {
    this.quorate = quorate;
    this.noQuorumPolicy = policy;
    this.members = members;
    this.services = base.services;
    this.byOwner = base.byOwner;
    this.exclusiveByOwner = base.exclusiveByOwner;
    this.heading = base.heading;
  }

  /**
   * This view with one member changed (a node lost, fenced or joined); the services and their index
   * are shared, so a node event costs the members plus the services it affects.
   */
  public ClusterView withMember(Member member) {
    Map<String, Member> changed = new LinkedHashMap<>(members);
    changed.put(member.name(), member);
    return new ClusterView(this, quorate, noQuorumPolicy, changed);
  }

  /**
   * This view with {@code changed} in place of the same services (or added): decisions made but not
   * yet in the informers' copies. The services' index is copied; the members are shared.
   */
  public ClusterView withServices(Collection<ServiceFacts> changed) {
    if (changed.isEmpty()) {
      return this;
    }
    Map<String, ServiceFacts> all = new LinkedHashMap<>(services);
    changed.forEach(s -> all.put(s.id(), s));
    return new ClusterView(quorate, noQuorumPolicy, members.values(), all.values());
  }

  /** This view with {@code node} out of standby: would it be legal there, but for the standby? */
  public ClusterView withoutStandby(String node) {
    Member m = members.get(node);
    return m == null || !m.standby()
        ? this
        : withMember(new Member(m.name(), m.online(), m.fenced(), m.onlineSince(), false));
  }

  /**
   * The same services under another membership (quorum, policy and members); the services and their
   * index are shared, so a membership change costs the members only.
   */
  public ClusterView withMembership(
      boolean quorate, NoQuorumPolicy policy, Collection<Member> members) {
    Map<String, Member> byName = new LinkedHashMap<>();
    members.forEach(m -> byName.put(m.name(), m));
    return new ClusterView(this, quorate, policy, byName);
  }

  public boolean quorate() {
    return quorate;
  }

  public NoQuorumPolicy noQuorumPolicy() {
    return noQuorumPolicy;
  }

  public Collection<Member> members() {
    return members.values();
  }

  /** The names of all members, online or not. */
  public Collection<String> memberNames() {
    return members.keySet();
  }

  public boolean online(String node) {
    Member m = members.get(node);
    return m != null && m.online();
  }

  /** True when {@code node} is an online member in standby: it runs nothing new. */
  public boolean standby(String node) {
    Member m = members.get(node);
    return m != null && m.online() && m.standby();
  }

  /** True when {@code node} is online and not in standby: a service may start there. */
  public boolean available(String node) {
    Member m = members.get(node);
    return m != null && m.online() && !m.standby();
  }

  /** True unless {@code node} is known to have been online since before {@code time}. */
  public boolean joinedAfter(String node, java.time.Instant time) {
    Member m = members.get(node);
    return m == null || m.onlineSince() == null || time == null || m.onlineSince().isAfter(time);
  }

  public boolean fenced(String node) {
    Member m = members.get(node);
    return m != null && m.fenced();
  }

  public ServiceFacts service(String id) {
    return services.get(id);
  }

  public Collection<ServiceFacts> services() {
    return services.values();
  }

  /** The services occupying {@code node} (started, starting, recovering or stopping there). */
  public List<ServiceFacts> ownedBy(String node) {
    return List.copyOf(byOwner.getOrDefault(node, List.of()));
  }

  /**
   * How many services other than {@code except} occupy {@code node}, or are heading for it (a move
   * under way: the node is theirs as soon as they have stopped where they are).
   */
  public int load(String node, String except) {
    int n = byOwner.getOrDefault(node, List.of()).size();
    n = occupies(except, node) ? n - 1 : n;
    for (ServiceFacts s : heading.getOrDefault(node, List.of())) {
      if (!s.id().equals(except)) {
        n++;
      }
    }
    return n;
  }

  /**
   * True if a service other than {@code except} that is exclusive occupies {@code node}, or is
   * heading for it.
   */
  public boolean hasExclusiveOccupant(String node, String except) {
    int n = exclusiveByOwner.getOrDefault(node, 0);
    ServiceFacts self = services.get(except);
    boolean occupant = self != null && self.exclusive() && occupies(except, node) ? n > 1 : n > 0;
    return occupant
        || heading.getOrDefault(node, List.of()).stream()
            .anyMatch(s -> s.exclusive() && !s.id().equals(except));
  }

  private boolean occupies(String id, String node) {
    ServiceFacts s = services.get(id);
    return s != null && s.occupiesOwner() && node.equals(s.owner());
  }
}
