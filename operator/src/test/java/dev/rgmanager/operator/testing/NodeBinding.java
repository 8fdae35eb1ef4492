package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link SimulatedKubeVirt} binds a launcher pod, there being no scheduler for it: a node
 * whose labels hold the whole node selector and that a term of the required node affinity (if any)
 * selects, Ready, not cordoned, without a NoSchedule or NoExecute taint that the VMI does not
 * tolerate, and not {@code excluded} (a migration's source node, which KubeVirt's anti-affinity
 * rule keeps the target pod off). Of several such nodes, the first by name: a scheduler would pick
 * one, and pinning the pod to one node would make a migration impossible (its target's selector
 * only adds to the VMI's). Pure: tested without a cluster.
 */
final class NodeBinding {
  private NodeBinding() {}

  /** The node chosen, or empty with why none is. */
  record Choice(Optional<String> node, String why) {}

  static Choice choose(
      Map<String, String> selector,
      List<Map<String, Object>> tolerations,
      String excluded,
      List<Node> nodes) {
    return choose(selector, List.of(), tolerations, excluded, nodes);
  }

  /** As above, the node also selected by one of {@code required} (none: no such constraint). */
  static Choice choose(
      Map<String, String> selector,
      List<NodeSelectorTerm> required,
      List<Map<String, Object>> tolerations,
      String excluded,
      List<Node> nodes) {
    List<Node> eligible =
        nodes.stream()
            .filter(n -> !n.getMetadata().getName().equals(excluded))
            .filter(n -> matches(selector, n))
            .filter(n -> required.isEmpty() || required.stream().anyMatch(t -> selects(t, n)))
            .filter(NodeBinding::ready)
            .filter(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
            .filter(n -> !repels(n, tolerations))
            .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
            .toList();
    if (eligible.isEmpty()) {
      return new Choice(
          Optional.empty(),
          "0/"
              + nodes.size()
              + " nodes are available: none matches node selector "
              + selector
              + (excluded == null ? "" : " other than the source " + excluded)
              + " and is Ready, schedulable and untainted");
    }
    return new Choice(Optional.of(eligible.get(0).getMetadata().getName()), "bound");
  }

  /** The pod's requiredDuringSchedulingIgnoredDuringExecution node selector terms, or none. */
  static List<NodeSelectorTerm> required(PodSpec spec) {
    if (spec.getAffinity() == null
        || spec.getAffinity().getNodeAffinity() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
            == null) {
      return List.of();
    }
    return spec.getAffinity()
        .getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
  }

  /** A term selects a node when all its expressions and fields do; an empty term selects none. */
  private static boolean selects(NodeSelectorTerm term, Node n) {
    List<NodeSelectorRequirement> exprs =
        term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
    List<NodeSelectorRequirement> fields =
        term.getMatchFields() == null ? List.of() : term.getMatchFields();
    if (exprs.isEmpty() && fields.isEmpty()) {
      return false;
    }
    Map<String, String> labels =
        n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
    return exprs.stream().allMatch(r -> holds(r, labels.get(r.getKey())))
        && fields.stream()
            .allMatch(
                r -> "metadata.name".equals(r.getKey()) && holds(r, n.getMetadata().getName()));
  }

  private static boolean holds(NodeSelectorRequirement r, String value) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      case "Gt", "Lt" -> {
        try {
          long have = Long.parseLong(value);
          long bound = Long.parseLong(values.get(0));
          yield "Gt".equals(r.getOperator()) ? have > bound : have < bound;
        } catch (RuntimeException e) {
          yield false;
        }
      }
      default -> false;
    };
  }

  private static boolean matches(Map<String, String> selector, Node n) {
    Map<String, String> labels =
        n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
    return selector.entrySet().stream()
        .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
  }

  private static boolean ready(Node n) {
    return n.getStatus() != null
        && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean repels(Node n, List<Map<String, Object>> tolerations) {
    List<Taint> taints = n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
    return taints.stream()
        .filter(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
        .anyMatch(t -> tolerations.stream().noneMatch(tol -> tolerates(tol, t)));
  }

  /** The core/v1 toleration rule: key (empty with Exists: any), value unless Exists, effect. */
  private static boolean tolerates(Map<String, Object> tol, Taint t) {
    String key = (String) tol.get("key");
    String op = tol.get("operator") == null ? "Equal" : (String) tol.get("operator");
    String effect = (String) tol.get("effect");
    if (effect != null && !effect.isEmpty() && !effect.equals(t.getEffect())) {
      return false;
    }
    if (key == null || key.isEmpty()) {
      return "Exists".equals(op);
    }
    if (!key.equals(t.getKey())) {
      return false;
    }
    return "Exists".equals(op)
        || nullToEmpty((String) tol.get("value")).equals(nullToEmpty(t.getValue()));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
