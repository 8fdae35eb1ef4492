package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a service decision needs to know about the rest of the cluster, read once per reconcile: the
 * HACluster's members and quorum (as membership last decided them) and the failover domains.
 */
public record ClusterFacts(
    HACluster cluster,
    Map<String, MemberStatus> members,
    boolean quorate,
    Map<String, FailoverDomain> domains) {

  /** Facts from the operator's caches: the HACluster(s) and every domain. */
  public static ClusterFacts of(List<HACluster> clusters, List<FailoverDomain> domainList) {
    HACluster cluster = ActiveCluster.of(clusters);
    Map<String, MemberStatus> members =
        cluster == null
            ? Map.of()
            : cluster.getStatus().membersOrEmpty().stream()
                .collect(Collectors.toMap(MemberStatus::name, Function.identity(), (a, b) -> a));
    boolean quorate = cluster != null && Boolean.TRUE.equals(cluster.getStatus().quorate());
    Map<String, FailoverDomain> domains =
        domainList.stream()
            .collect(
                Collectors.toMap(
                    d -> d.getMetadata().getNamespace() + "/" + d.getMetadata().getName(),
                    Function.identity(),
                    (a, b) -> a));
    return new ClusterFacts(cluster, members, quorate, domains);
  }
}
