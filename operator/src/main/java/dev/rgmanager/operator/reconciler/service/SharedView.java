package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.reconciler.ClusterFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One cluster view shared by every service reconcile. The services are mapped and indexed again
 * only after a service or a domain changed (the informers count their changes); a membership change
 * (the HACluster's status, every heartbeat) only swaps the members. A status check of 5,000
 * services thus maps none of them, where mapping all of them at each reconcile kept the heap full.
 *
 * <p>The view is as fresh as the informers, and fresher for decisions: a service's decision is
 * {@linkplain #claim claimed} in the view before its status is written, and stays until the
 * informers' copy of the service is at least as new as what was written, so that a service deciding
 * next never places itself by a view that misses it (rgmanager decides placements in one place;
 * {@link #deciding} takes them one at a time). The service's own facts always come from its
 * reconcile, and fencing and quorum from the HACluster.
 */
final class SharedView {
  /** How long a claim whose write was never confirmed nor withdrawn is kept at most. */
  static final Duration CLAIM_KEPT = Duration.ofSeconds(60);

  private final ReentrantLock deciding = new ReentrantLock();
  private final Map<String, Claim> claims = new HashMap<>();
  private long claimsChanged;
  private long claimsApplied = -1;
  private ClusterView claimed;
  private long servicesBuilt = -1;
  private long domainsBuilt = -1;
  private ClusterView services;
  private Object membershipBuilt;
  private ClusterView view;
  private Map<String, ServiceFacts> mapped = Map.of();

  /**
   * A decision's reading of the view, its deciding and its {@link #claim} as one step: no other
   * service decides in between. What is decided is written after (the lock is not held across an
   * API call); the claim holds its place until then.
   */
  <T> T deciding(Supplier<T> decision) {
    deciding.lock();
    try {
      return decision.get();
    } finally {
      deciding.unlock();
    }
  }

  /**
   * The view for {@code facts} at {@code now}, with every claim not yet in the informers' copies.
   * The change counts must be read before the services are listed, so that a change during the
   * build makes the next call build again.
   */
  synchronized ClusterView of(
      ClusterFacts facts,
      long serviceChanges,
      long domainChanges,
      Supplier<List<ClusterService>> allServices,
      Instant now) {
    if (services == null || serviceChanges != servicesBuilt || domainChanges != domainsBuilt) {
      if (domainChanges != domainsBuilt) {
        mapped = Map.of();
      }
      List<ClusterService> all = allServices.get();
      services = index(all, facts);
      servicesBuilt = serviceChanges;
      domainsBuilt = domainChanges;
      view = null;
      settleClaims(all);
    }
    Object membership = membership(facts);
    if (view == null || !Objects.equals(membership, membershipBuilt)) {
      view =
          services.withMembership(
              facts.quorate(), CoreMapping.policy(facts), CoreMapping.members(facts));
      membershipBuilt = membership;
      claimed = null;
    }
    if (claims.values().removeIf(c -> c.made().plus(CLAIM_KEPT).isBefore(now))) {
      claimsChanged++;
    }
    if (claims.isEmpty()) {
      return view;
    }
    if (claimed == null || claimsApplied != claimsChanged) {
      claimed = view.withServices(claims.values().stream().map(Claim::facts).toList());
      claimsApplied = claimsChanged;
    }
    return claimed;
  }

  /**
   * {@code facts}, decided from the service's copy at {@code readVersion}, stand in the view until
   * the informers hold a newer copy ({@link #written}) or the claim is {@linkplain #withdraw
   * withdrawn}.
   */
  synchronized void claim(ServiceFacts facts, String readVersion, Instant now) {
    claims.put(facts.id(), new Claim(facts, readVersion, null, now));
    claimsChanged++;
  }

  /** The claim of {@code id} was written as {@code version}: kept until the informers have it. */
  synchronized void written(String id, String version) {
    claims.computeIfPresent(id, (k, c) -> new Claim(c.facts(), c.read(), version, c.made()));
  }

  /** The claim of {@code id} was not written (the write failed): the view forgets it. */
  synchronized void withdraw(String id) {
    if (claims.remove(id) != null) {
      claimsChanged++;
    }
  }

  /** Claims whose service the informers now hold as written, or newer, or not at all, are done. */
  private void settleClaims(List<ClusterService> all) {
    if (claims.isEmpty()) {
      return;
    }
    Map<String, String> versions = new HashMap<>(all.size() * 2);
    for (ClusterService s : all) {
      versions.put(CoreMapping.id(s), s.getMetadata().getResourceVersion());
    }
    if (claims.entrySet().removeIf(e -> e.getValue().inCopy(versions.get(e.getKey())))) {
      claimsChanged++;
    }
    claimed = null;
  }

  /**
   * A decision not yet in the informers: {@code written} is null until its status write returned.
   * Resource versions are compared as numbers, as the API server's storage numbers them (Java
   * Operator SDK's caches compare them so too); one that is no number counts only when equal.
   */
  private record Claim(ServiceFacts facts, String read, String written, Instant made) {
    boolean inCopy(String cached) {
      if (cached == null) {
        return true;
      }
      if (written == null) {
        // Not yet written: a copy newer than the one decided from means the write will conflict.
        return newer(cached, read);
      }
      return cached.equals(written) || newer(cached, written);
    }

    private static boolean newer(String a, String b) {
      try {
        return b != null && Long.parseLong(a) > Long.parseLong(b);
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  /**
   * Every service indexed; a service whose object is unchanged since the last build keeps its
   * mapped facts (a failover of 500 services among 5,000 maps the 500, not 5,000 at each change).
   */
  private ClusterView index(List<ClusterService> all, ClusterFacts facts) {
    Map<String, ServiceFacts> next = new HashMap<>(all.size() * 2);
    List<ServiceFacts> out = new ArrayList<>(all.size());
    for (ClusterService s : all) {
      String uid = s.getMetadata().getUid() + "@" + s.getMetadata().getResourceVersion();
      ServiceFacts f = mapped.get(uid);
      if (f == null) {
        f = CoreMapping.service(s, facts.domains());
      }
      next.put(uid, f);
      out.add(f);
    }
    mapped = next;
    return CoreMapping.servicesView(out);
  }

  private static Object membership(ClusterFacts facts) {
    var c = facts.cluster();
    return c == null
        ? null
        : List.of(
            String.valueOf(c.getMetadata().getUid()),
            String.valueOf(c.getMetadata().getResourceVersion()));
  }
}
