package dev.rgmanager.plugin.ops;

import dev.rgmanager.api.v1alpha1.ApiConstants;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.DesiredState;
import dev.rgmanager.api.v1alpha1.OperationResult;
import dev.rgmanager.api.v1alpha1.ServiceState;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * clusvcadm through the resource itself: declarative operations patch spec.state or spec.frozen;
 * one-shot ones (relocate, restart, migrate, enable on a node) write the request annotation with a
 * fresh id. Each then waits for the outcome in status, unless told not to.
 */
public final class ServiceOperations {
  private final KubernetesClient client;
  private final PrintWriter out;
  private final Duration timeout;
  private final boolean wait;

  public ServiceOperations(
      KubernetesClient client, PrintWriter out, Duration timeout, boolean wait) {
    this.client = client;
    this.out = out;
    this.timeout = timeout;
    this.wait = wait;
  }

  /** Exit codes: 0 done, 1 refused or failed, 3 timed out. */
  public int setState(ServiceRef ref, String state, String node) {
    ClusterService current = get(ref);
    // One write: the wanted state and, for enable, a request (naming the node, if any), so that the
    // operator never sees one without the other. The request is what starts a service the cluster
    // disabled (its recovery policy) although spec.state still says enabled.
    ServiceState now = current.getStatus() == null ? null : current.getStatus().state();
    boolean request =
        "enabled".equals(state)
            && (node != null || now == ServiceState.DISABLED || now == ServiceState.STOPPED);
    String requestId = request ? newRequestId() : null;
    String requestJson = requestId == null ? null : requestJson(requestId, "enable", node);
    long generation =
        edit(
                ref,
                s -> {
                  if (requestJson != null) {
                    withRequest(s, requestJson);
                  }
                  s.setSpec(
                      s.getSpec().withState(DesiredState.valueOf(state.toUpperCase(Locale.ROOT))));
                  return s;
                })
            .getMetadata()
            .getGeneration();
    out.println(ref + ": " + state + " requested" + (node == null ? "" : " on " + node));
    if (!wait) {
      return 0;
    }
    ServiceState goal =
        switch (state) {
          case "enabled" -> ServiceState.STARTED;
          case "disabled" -> ServiceState.DISABLED;
          default -> ServiceState.STOPPED;
        };
    String refusalId = requestId != null ? requestId : "g" + generation;
    return await(
        ref,
        s ->
            s.getStatus() != null
                && s.getStatus().state() == goal
                && (node == null || node.equals(s.getStatus().owner())),
        refusalId,
        "now " + goal.name().toLowerCase(Locale.ROOT));
  }

  public int setFrozen(ServiceRef ref, boolean frozen) {
    get(ref);
    edit(
        ref,
        s -> {
          s.setSpec(s.getSpec().withFrozen(frozen));
          return s;
        });
    out.println(ref + ": " + (frozen ? "frozen" : "unfrozen"));
    return 0;
  }

  public int oneShot(ServiceRef ref, String op, String node) {
    get(ref);
    String id = annotate(ref, op, node);
    out.println(
        ref + ": " + op + " requested (id " + id + ")" + (node == null ? "" : " to " + node));
    if (!wait) {
      return 0;
    }
    return await(
        ref,
        s -> {
          OperationResult r = s.getStatus() == null ? null : s.getStatus().lastOperation();
          return r != null && id.equals(r.id()) && "Succeeded".equals(r.result());
        },
        id,
        op + " done");
  }

  private String annotate(ServiceRef ref, String op, String node) {
    String id = newRequestId();
    String value = requestJson(id, op, node);
    edit(ref, s -> withRequest(s, value));
    return id;
  }

  /** Edits the service, read and applied again if the operator wrote its status in between. */
  private ClusterService edit(ServiceRef ref, UnaryOperator<ClusterService> change) {
    return ConflictRetry.edit(
        () ->
            client
                .resources(ClusterService.class)
                .inNamespace(ref.namespace())
                .withName(ref.name())
                .edit(change));
  }

  private static String newRequestId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static String requestJson(String id, String op, String node) {
    return "{\"id\":\""
        + id
        + "\",\"op\":\""
        + op
        + "\""
        + (node == null ? "" : ",\"node\":\"" + node + "\"")
        + "}";
  }

  private static ClusterService withRequest(ClusterService s, String request) {
    var annotations =
        s.getMetadata().getAnnotations() == null
            ? new HashMap<String, String>()
            : new HashMap<>(s.getMetadata().getAnnotations());
    annotations.put(ApiConstants.OPERATION_ANNOTATION, request);
    s.getMetadata().setAnnotations(annotations);
    return s;
  }

  private int await(
      ServiceRef ref, Predicate<ClusterService> done, String requestId, String success) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      ClusterService s = get(ref);
      OperationResult r = s.getStatus() == null ? null : s.getStatus().lastOperation();
      if (r != null
          && requestId.equals(r.id())
          && ("Refused".equals(r.result()) || "Failed".equals(r.result()))) {
        out.println(ref + ": " + r.result().toLowerCase(Locale.ROOT) + ": " + r.message());
        return 1;
      }
      if (done.test(s)) {
        out.println(
            ref
                + ": "
                + success
                + (s.getStatus().owner() == null ? "" : " on " + s.getStatus().owner()));
        return 0;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 3;
      }
    }
    ClusterService s = get(ref);
    out.println(
        ref
            + ": no result within "
            + timeout.toSeconds()
            + "s; state is "
            + (s.getStatus() == null || s.getStatus().state() == null
                ? "unknown"
                : s.getStatus().state().name().toLowerCase(Locale.ROOT))
            + (s.getStatus() == null || s.getStatus().message() == null
                ? ""
                : " (" + s.getStatus().message() + ")"));
    out.println(stillPending(ref, s, requestId));
    return 3;
  }

  /**
   * What a timeout on this side does not change: the request stays with the operator, which acts on
   * it when it can. Says how to follow it and how to withdraw it.
   */
  static String stillPending(ServiceRef ref, ClusterService s, String requestId) {
    String follow =
        "follow it with: kubectl get clusterservice "
            + ref.name()
            + " -n "
            + ref.namespace()
            + " -o jsonpath='{.status.lastOperation}'";
    var annotations = s.getMetadata().getAnnotations();
    String pending =
        annotations == null ? null : annotations.get(ApiConstants.OPERATION_ANNOTATION);
    if (pending != null && pending.contains("\"" + requestId + "\"")) {
      return "  the request (id "
          + requestId
          + ") is still pending: the operator carries it out when it can; "
          + follow
          + "; withdraw it with: kubectl annotate clusterservice "
          + ref.name()
          + " -n "
          + ref.namespace()
          + " "
          + ApiConstants.OPERATION_ANNOTATION
          + "-";
    }
    return "  the change is in the service's spec and the operator goes on with it; "
        + follow
        + "; change spec.state again to take it back";
  }

  private ClusterService get(ServiceRef ref) {
    ClusterService s =
        client
            .resources(ClusterService.class)
            .inNamespace(ref.namespace())
            .withName(ref.name())
            .get();
    if (s == null) {
      throw new UnknownServiceException(ref);
    }
    return s;
  }

  /** The named service does not exist: says where it was looked for, and how to look elsewhere. */
  public static final class UnknownServiceException extends RuntimeException {
    public UnknownServiceException(ServiceRef ref) {
      super(
          "unknown service "
              + ref.name()
              + ": not found in namespace "
              + ref.namespace()
              + " (use -n NAMESPACE or NAMESPACE/NAME; kubectl get clusterservices -A lists them)");
    }
  }
}
