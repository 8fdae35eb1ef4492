package dev.rgmanager.operator.core;

/**
 * Whether a service runs a virtual machine, and how: the seed's rule is that only a VM that is the
 * whole service migrates; a VM inside a larger tree moves by stop and start like any resource.
 */
public enum VmKind {
  /** No VM in the tree. */
  NONE,
  /** The service is one VM and nothing else: it migrates, and fails back by migration. */
  SERVICE,
  /** A VM inside a larger tree: it cannot migrate. */
  IN_TREE
}
