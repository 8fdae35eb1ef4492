package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.reconciler.ClusterFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One cluster view shared by every service reconcile. The services are mapped and indexed again
 * only after a service or a domain changed (the informers count their changes); a membership change
 * (the HACluster's status, every heartbeat) only swaps the members. A status check of 5,000
 * services thus maps none of them, where mapping all of them at each reconcile kept the heap full.
 *
 * <p>The view is as fresh as the informers, as the per-reconcile view it replaces was: the
 * service's own facts always come from its reconcile, and fencing and quorum from the HACluster.
 */
final class SharedView {
  private long servicesBuilt = -1;
  private long domainsBuilt = -1;
  private ClusterView services;
  private Object membershipBuilt;
  private ClusterView view;
  private Map<String, ServiceFacts> mapped = Map.of();

  /**
   * The view for {@code facts}. The change counts must be read before the services are listed, so
   * that a change during the build makes the next call build again.
   */
  synchronized ClusterView of(
      ClusterFacts facts,
      long serviceChanges,
      long domainChanges,
      Supplier<List<ClusterService>> allServices) {
    if (services == null || serviceChanges != servicesBuilt || domainChanges != domainsBuilt) {
      if (domainChanges != domainsBuilt) {
        mapped = Map.of();
      }
      services = index(allServices.get(), facts);
      servicesBuilt = serviceChanges;
      domainsBuilt = domainChanges;
      view = null;
    }
    Object membership = membership(facts);
    if (view == null || !Objects.equals(membership, membershipBuilt)) {
      view =
          services.withMembership(
              facts.quorate(), CoreMapping.policy(facts), CoreMapping.members(facts));
      membershipBuilt = membership;
    }
    return view;
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
