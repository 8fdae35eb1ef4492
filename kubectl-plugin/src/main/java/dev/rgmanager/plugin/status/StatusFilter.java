package dev.rgmanager.plugin.status;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import java.util.List;

/**
 * What the view is narrowed to, as clustat's {@code -s SERVICE} and {@code -m MEMBER}: the one
 * service (a bare name in every namespace searched), the one member, or both; nothing when neither
 * is given. Pure: it selects from what was read and names what it could not find.
 *
 * @param namespace where services are read: the service's own namespace when it names one, else
 *     {@code -n}'s, else null for every namespace
 * @param service the service's name without its namespace, or null for every service
 * @param member the member's name, or null for every member
 */
public record StatusFilter(String namespace, String service, String member) {
  /** How many member names an unknown member's error lists before it only counts the rest. */
  static final int NAMES_LISTED = 10;

  /**
   * The filter the options ask for; a service named both {@code NAMESPACE/NAME} and with another
   * {@code -n} is a usage error.
   */
  public static StatusFilter of(StatusOptions o) {
    String scope = o.allNamespaces ? null : blankToNull(o.namespace);
    String member = o.member == null ? null : o.member.strip();
    if (member != null && member.isEmpty()) {
      throw new UsageException("-m needs a member name (a node of the HACluster)");
    }
    if (o.service == null) {
      return new StatusFilter(scope, null, member);
    }
    String text = o.service.strip();
    int slash = text.indexOf('/');
    String name = slash < 0 ? text : text.substring(slash + 1);
    String namespace = slash < 0 ? scope : text.substring(0, slash);
    if (name.isEmpty() || (namespace != null && namespace.isEmpty()) || name.contains("/")) {
      throw new UsageException("-s needs NAME or NAMESPACE/NAME, not '" + o.service + "'");
    }
    if (slash >= 0 && scope != null && !scope.equals(namespace)) {
      throw new UsageException(
          "-s " + text + " names namespace " + namespace + " but -n names " + scope);
    }
    return new StatusFilter(namespace, name, member);
  }

  /** True when the whole view is shown. */
  public boolean showsAll() {
    return service == null && member == null;
  }

  /**
   * The services asked for, out of those read; every one when no service was named. A bare name may
   * match one service in each namespace searched, and all are shown.
   */
  public List<ClusterService> services(List<ClusterService> read) {
    if (service == null) {
      return read;
    }
    List<ClusterService> found =
        read.stream()
            .filter(s -> service.equals(s.getMetadata().getName()))
            .filter(s -> namespace == null || namespace.equals(s.getMetadata().getNamespace()))
            .toList();
    if (found.isEmpty()) {
      throw new NotInViewException(
          "unknown service "
              + service
              + ": not found in "
              + (namespace == null ? "any namespace" : "namespace " + namespace)
              + " (kubectl get clusterservices -A lists them)");
    }
    return found;
  }

  /** The members asked for, from the HACluster's status; every one when no member was named. */
  public List<MemberStatus> members(HACluster cluster) {
    if (member == null) {
      return cluster == null || cluster.getStatus() == null
          ? List.of()
          : cluster.getStatus().membersOrEmpty();
    }
    if (cluster == null) {
      throw new NotInViewException(
          "unknown member " + member + ": there is no HACluster (kubectl get haclusters)");
    }
    String name = cluster.getMetadata().getName();
    if (cluster.getStatus() == null) {
      throw new NotInViewException(
          "member "
              + member
              + ": HACluster "
              + name
              + " has no status yet (the operator has not reported its members)");
    }
    List<MemberStatus> all = cluster.getStatus().membersOrEmpty();
    List<MemberStatus> found = all.stream().filter(m -> member.equals(m.name())).toList();
    if (found.isEmpty()) {
      throw new NotInViewException(
          "unknown member " + member + ": not a member of HACluster " + name + names(all));
    }
    return found;
  }

  private static String names(List<MemberStatus> members) {
    if (members.isEmpty()) {
      return " (it has no members)";
    }
    List<String> names = members.stream().map(MemberStatus::name).sorted().toList();
    String listed = String.join(", ", names.subList(0, Math.min(NAMES_LISTED, names.size())));
    return names.size() > NAMES_LISTED
        ? " (its members: " + listed + ", ... " + names.size() + " in all)"
        : " (its members: " + listed + ")";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** A service or member the view was asked for is not there: one line naming where it looked. */
  public static final class NotInViewException extends RuntimeException {
    NotInViewException(String message) {
      super(message);
    }
  }

  /** The filter options contradict each other or name nothing: a usage error (exit 2). */
  public static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
