package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ApiConstants;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;

/** KubeVirt's API as the operator uses it ({@code kubevirt.io/v1}), and the names it relies on. */
public final class KubeVirt {
  public static final String API_VERSION = "kubevirt.io/v1";
  public static final GroupVersionKind VIRTUAL_MACHINE =
      new GroupVersionKind("kubevirt.io", "v1", "VirtualMachine");
  public static final GroupVersionKind INSTANCE =
      new GroupVersionKind("kubevirt.io", "v1", "VirtualMachineInstance");
  public static final GroupVersionKind MIGRATION =
      new GroupVersionKind("kubevirt.io", "v1", "VirtualMachineInstanceMigration");

  /** The label KubeVirt puts on every virt-launcher pod ({@code kubevirt.io=virt-launcher}). */
  public static final String LAUNCHER_LABEL = "kubevirt.io";

  public static final String LAUNCHER = "virt-launcher";

  /**
   * The label on a VM instance whose resource migrates by pause ({@code migrate: pause}): the
   * chart's MigrationPolicy selects it and lets KubeVirt pause the guest for the copy.
   */
  public static final String PAUSE_LABEL = "vm." + ApiConstants.GROUP + "/migrate";

  /** The prefix of the node label that binds one VM's instance to its node. */
  public static final String BINDING_PREFIX = "vm." + ApiConstants.GROUP + "/";

  /** The VM instance phases, as KubeVirt writes them. */
  public static final String RUNNING = "Running";

  private KubeVirt() {}
}
