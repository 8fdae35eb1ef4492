package dev.rgmanager.operator.testing;

/**
 * The names KubeVirt (v1.7.0, staging/src/kubevirt.io/api/core/v1/types.go) gives its finalizers,
 * labels, annotations, phases, condition types and reasons, as {@link SimulatedKubeVirt} uses them
 * and a test may assert them.
 */
public final class KubeVirtNames {
  /** On every VMI until its launcher pods are gone (the older name was unqualified). */
  public static final String VMI_FINALIZER = "kubevirt.io/foregroundDeleteVirtualMachine";

  /** The label KubeVirt marks its own objects with; "virt-launcher" on launcher pods. */
  public static final String APP_LABEL = "kubevirt.io";

  public static final String VIRT_LAUNCHER = "virt-launcher";

  /** A launcher pod's VMI, by UID. */
  public static final String CREATED_BY_LABEL = "kubevirt.io/created-by";

  /** A launcher pod's VMI, by name (as a host name). */
  public static final String VM_NAME_LABEL = "vm.kubevirt.io/name";

  /** A migration target pod's VirtualMachineInstanceMigration, by UID. */
  public static final String MIGRATION_JOB_LABEL = "kubevirt.io/migrationJobUID";

  /** A migration target pod's VirtualMachineInstanceMigration, by name. */
  public static final String MIGRATION_JOB_NAME_ANNOTATION = "kubevirt.io/migrationJobName";

  /** The node a VMI runs on, as a label of the VMI. */
  public static final String NODE_NAME_LABEL = "kubevirt.io/nodeName";

  /** The domain a launcher pod runs: the VMI's name. */
  public static final String DOMAIN_ANNOTATION = "kubevirt.io/domain";

  public static final String READY = "Ready";
  public static final String LIVE_MIGRATABLE = "LiveMigratable";
  public static final String PAUSED = "Paused";

  /**
   * The reason of the Paused condition virt-handler sets while the migration monitor has paused the
   * guest so that its migration completes (pkg/virt-handler/vm.go).
   */
  public static final String PAUSED_BY_MIGRATION_MONITOR = "PausedByMigrationMonitor";

  /** migrationState.mode: pre-copy, post-copy, or the guest paused to let the copy finish. */
  public static final String MODE_PRE_COPY = "PreCopy";

  public static final String MODE_POST_COPY = "PostCopy";
  public static final String MODE_PAUSED = "Paused";

  /** Ready=False reasons: the launcher pod is gone, terminating, or its guest is not running. */
  public static final String POD_NOT_EXISTS = "PodNotExists";

  public static final String POD_TERMINATING = "PodTerminating";
  public static final String GUEST_NOT_RUNNING = "GuestNotRunning";

  private KubeVirtNames() {}
}
