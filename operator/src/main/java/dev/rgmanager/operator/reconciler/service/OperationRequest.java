package dev.rgmanager.operator.reconciler.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rgmanager.api.v1alpha1.ApiConstants;
import dev.rgmanager.api.v1alpha1.ClusterService;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A one-shot operation requested through the annotation {@code rgmanager.dev/operation}, e.g.
 * {@code {"id": "7f3c", "op": "relocate", "node": "node-2"}}. Performed once per id and
 * acknowledged in status.lastOperation. {@code enable} is one-shot too, written together with
 * spec.state: it names where to start (clusvcadm -e -m), and it starts a service the cluster holds
 * disabled although spec.state already says enabled. A malformed request keeps what could be read
 * of it ({@code op} as written, or "invalid" when unreadable) and says what is wrong in {@code
 * error}; it is refused with that message.
 */
public record OperationRequest(String id, String op, String node, String error) {
  OperationRequest(String id, String op, String node) {
    this(id, op, node, null);
  }

  /** A request that cannot be carried out, and why. */
  static OperationRequest malformed(String id, String op, String error) {
    return new OperationRequest(id, op, null, error);
  }

  /** Whether the request can be acted on (else {@link #error} says why not). */
  public boolean valid() {
    return error == null;
  }

  public static final Set<String> ONE_SHOT = Set.of("relocate", "restart", "migrate", "enable");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The request on the service, if any and not yet acknowledged; malformed ones are reported. */
  public static Optional<OperationRequest> pending(ClusterService service) {
    Map<String, String> annotations = service.getMetadata().getAnnotations();
    String raw = annotations == null ? null : annotations.get(ApiConstants.OPERATION_ANNOTATION);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    OperationRequest request = parse(raw);
    var last = service.getStatus().lastOperation();
    if (last != null && request.id().equals(last.id())) {
      return Optional.empty();
    }
    return Optional.of(request);
  }

  static OperationRequest parse(String raw) {
    try {
      JsonNode n = JSON.readTree(raw);
      String id = n.path("id").asText("");
      String op = n.path("op").asText("");
      String node = n.hasNonNull("node") ? n.get("node").asText() : null;
      if (id.isEmpty()) {
        return malformed(
            Integer.toHexString(raw.hashCode()),
            op.isEmpty() ? "invalid" : op,
            "annotation " + ApiConstants.OPERATION_ANNOTATION + " needs an \"id\"");
      }
      if (!ONE_SHOT.contains(op)) {
        return malformed(
            id,
            op.isEmpty() ? "invalid" : op,
            "\"op\" must be relocate, restart, migrate or enable (disable and stop use"
                + " spec.state, freeze uses spec.frozen), not \""
                + op
                + "\"");
      }
      return new OperationRequest(id, op, node);
    } catch (Exception e) {
      return malformed(
          Integer.toHexString(raw.hashCode()),
          "invalid",
          "annotation "
              + ApiConstants.OPERATION_ANNOTATION
              + " is not JSON like {\"id\":\"1\",\"op\":\"relocate\",\"node\":\"node-2\"}");
    }
  }
}
