package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.MigrationMode;
import dev.rgmanager.api.v1alpha1.Transition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/**
 * Carries a VM's migration on through KubeVirt: a VirtualMachineInstanceMigration named after the
 * recorded transition (so that a new leader finds the one its predecessor made), its target
 * narrowed to the chosen node by host name, the binding label put on that node first. KubeVirt's
 * word that the migration succeeded is checked against where the instance runs.
 */
public final class VmMigrations {
  /**
   * Where a migration stands, and the step to take next (or null): in progress, the migration to
   * ask for; migrated, the source's binding label to take off.
   */
  public record Progress(Kind kind, String message, Runnable step) {
    /** In progress, done (the instance runs on the target), or failed (it stays on its source). */
    public enum Kind {
      IN_PROGRESS,
      MIGRATED,
      FAILED
    }
  }

  private final VmObjects vms;
  // Migrations KubeVirt's API refused to create (its admission: say, an instance that is not live
  // migratable), by name, with why: the next drive fails the migration instead of asking again.
  private final java.util.Map<String, String> refused =
      new java.util.concurrent.ConcurrentHashMap<>();

  public VmMigrations(VmObjects vms) {
    this.vms = vms;
  }

  /** The migration object's name for the transition: the same for every leader. */
  static String name(ClusterService service, Transition t) {
    return Names.child(service.getMetadata().getName(), "migrate", t.node(), t.since());
  }

  public Progress drive(ClusterService service, TreeEntry entry, Transition t) {
    String ns = service.getMetadata().getNamespace();
    String target = t.node();
    String unavailable = vms.unavailable();
    if (unavailable != null) {
      return failed(unavailable);
    }
    VmInstance vmi = vms.instance(ns, VmActuator.vmName(entry));
    if (vmi == null || vmi.deleting()) {
      return failed(
          "no running VirtualMachineInstance " + VmActuator.vmName(entry) + " to migrate");
    }
    boolean moving = vmi.migration() != null && vmi.migration().inProgress();
    if (vmi.runningOn(target) && !moving) {
      return migrated(service, entry, target);
    }
    String name = name(service, t);
    GenericKubernetesResource migration = vms.migration(ns, name);
    String refusal = refused.remove(name);
    if (migration == null && refusal != null) {
      return failed("KubeVirt refused the migration to " + target + ": " + refusal);
    }
    if (migration == null) {
      if (moving) {
        return new Progress(
            Progress.Kind.IN_PROGRESS,
            "waiting for another migration of " + vmi.name() + " to end",
            null);
      }
      return new Progress(
          Progress.Kind.IN_PROGRESS,
          "migrating to " + target + mode(entry),
          () -> {
            vms.bind(VmActuator.bindingKey(service, entry), target, false);
            if (entry.resource().migrate() == MigrationMode.PAUSE
                && vmi.label(KubeVirt.PAUSE_LABEL) == null) {
              vms.label(vmi.object(), KubeVirt.PAUSE_LABEL, "pause");
            }
            try {
              vms.create(desired(service, t, vmi.name()));
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
              if (e.getCode() < 400 || e.getCode() >= 500 || e.getCode() == 409) {
                throw e; // Not an answer about the migration: tried again.
              }
              refused.put(
                  name, e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
            }
          });
    }
    String phase = String.valueOf(VmInstance.map(migration.get("status")).get("phase"));
    if ("Failed".equals(phase)) {
      return failed("KubeVirt reports the migration to " + target + " failed" + why(migration));
    }
    if ("Succeeded".equals(phase)) {
      // A claim to check: the instance must now run on the target.
      return moving || !vmi.runningOn(target)
          ? new Progress(
              Progress.Kind.IN_PROGRESS,
              "KubeVirt reports the migration succeeded; waiting to see "
                  + vmi.name()
                  + " run on "
                  + target
                  + " (it is on "
                  + vmi.nodeName()
                  + ")",
              null)
          : migrated(service, entry, target);
    }
    return new Progress(
        Progress.Kind.IN_PROGRESS,
        "migrating to "
            + target
            + mode(entry)
            + " ("
            + ("null".equals(phase) ? "Pending" : phase)
            + ")",
        null);
  }

  /** Done; the step left takes the binding label off the source, the target's alone now. */
  private Progress migrated(ClusterService service, TreeEntry entry, String target) {
    return new Progress(
        Progress.Kind.MIGRATED,
        "migrated to " + target,
        () -> vms.bind(VmActuator.bindingKey(service, entry), target, true));
  }

  private static String mode(TreeEntry entry) {
    return entry.resource().migrate() == MigrationMode.PAUSE ? ", paused for the copy" : "";
  }

  private static Progress failed(String why) {
    return new Progress(Progress.Kind.FAILED, why, null);
  }

  /** ": " and the messages of the migration's conditions, or "". */
  private static String why(GenericKubernetesResource migration) {
    Object conditions = VmInstance.map(migration.get("status")).get("conditions");
    if (!(conditions instanceof List<?> list) || list.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (Object c : list) {
      Object message = VmInstance.map(c).get("message");
      Object reason = VmInstance.map(c).get("reason");
      Object text = message != null ? message : reason;
      if (text != null) {
        out.append(out.length() == 0 ? ": " : "; ").append(text);
      }
    }
    return out.toString();
  }

  static GenericKubernetesResource desired(ClusterService service, Transition t, String vmi) {
    GenericKubernetesResource m = new GenericKubernetesResource();
    m.setApiVersion(KubeVirt.API_VERSION);
    m.setKind(KubeVirt.MIGRATION.getKind());
    m.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(service, t))
            .withNamespace(service.getMetadata().getNamespace())
            .withLabels(
                Map.of(
                    Labels.SERVICE,
                    service.getMetadata().getName(),
                    Labels.MANAGED_BY,
                    Labels.OPERATOR))
            .withOwnerReferences(Labels.ownerReference(service))
            .build());
    m.setAdditionalProperty(
        "spec",
        Map.of("vmiName", vmi, "addedNodeSelector", Map.of("kubernetes.io/hostname", t.node())));
    return m;
  }
}
