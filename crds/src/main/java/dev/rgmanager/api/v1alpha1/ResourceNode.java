package dev.rgmanager.api.v1alpha1;

import java.util.List;

/** What every node of a service's resource tree has: a name, exactly one type, and children. */
public interface ResourceNode {
  String name();

  VolumeResource volume();

  AddressResource ip();

  AppResource app();

  VmResource vm();

  MigrationMode migrate();

  /** The children of this node, in start order; empty for a leaf. */
  List<? extends ResourceNode> childNodes();

  /** The resource type, from whichever type section is set. */
  default ResourceType type() {
    if (volume() != null) {
      return ResourceType.VOLUME;
    }
    if (ip() != null) {
      return ResourceType.IP;
    }
    if (app() != null) {
      return ResourceType.APP;
    }
    if (vm() != null) {
      return ResourceType.VM;
    }
    return null;
  }
}
