package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ResourceNode;
import java.util.List;

/** One resource of a service tree with its ancestors, root first. */
public record TreeEntry(ResourceNode resource, List<ResourceNode> ancestors) {
  public String name() {
    return resource.name();
  }
}
