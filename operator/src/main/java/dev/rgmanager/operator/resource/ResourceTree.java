package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ResourceNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's resource tree in start order: parents before children, siblings in the order written
 * (pre-order). Stop order is the exact reverse, so children stop before their parent.
 */
public final class ResourceTree {
  private final List<TreeEntry> startOrder;

  private ResourceTree(List<TreeEntry> startOrder) {
    this.startOrder = List.copyOf(startOrder);
  }

  public static ResourceTree of(List<? extends ResourceNode> roots) {
    List<TreeEntry> out = new ArrayList<>();
    walk(roots, List.of(), out);
    return new ResourceTree(out);
  }

  private static void walk(
      List<? extends ResourceNode> nodes, List<ResourceNode> ancestors, List<TreeEntry> out) {
    for (ResourceNode node : nodes) {
      out.add(new TreeEntry(node, ancestors));
      List<ResourceNode> below = new ArrayList<>(ancestors);
      below.add(node);
      walk(node.childNodes(), List.copyOf(below), out);
    }
  }

  public List<TreeEntry> startOrder() {
    return startOrder;
  }

  public List<TreeEntry> stopOrder() {
    List<TreeEntry> reversed = new ArrayList<>(startOrder);
    java.util.Collections.reverse(reversed);
    return reversed;
  }
}
