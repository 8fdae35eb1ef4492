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
  private final Map<String, List<ServiceFacts>> byOwner = new HashMap<>();

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
    for (ServiceFacts s : services) {
      this.services.put(s.id(), s);
      if (s.occupiesOwner()) {
        byOwner.computeIfAbsent(s.owner(), k -> new ArrayList<>()).add(s);
      }
    }
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

  public boolean online(String node) {
    Member m = members.get(node);
    return m != null && m.online();
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

  /** Services occupying {@code node}, other than {@code except}. */
  public List<ServiceFacts> occupants(String node, String except) {
    List<ServiceFacts> all = byOwner.getOrDefault(node, List.of());
    List<ServiceFacts> out = new ArrayList<>(all.size());
    for (ServiceFacts s : all) {
      if (!s.id().equals(except)) {
        out.add(s);
      }
    }
    return out;
  }
}
