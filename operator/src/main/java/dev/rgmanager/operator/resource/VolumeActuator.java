package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ResourceType;
import dev.rgmanager.api.v1alpha1.VolumeResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * A claimed volume. Started when its ReadWriteOnce claim exists and is usable; the data is never
 * deleted by a stop. Detaching it from a dead node is what the out-of-service taint is for.
 */
public class VolumeActuator implements ResourceActuator {
  private final ObjectCache objects;

  public VolumeActuator(ObjectCache objects) {
    this.objects = objects;
  }

  @Override
  public ResourceType type() {
    return ResourceType.VOLUME;
  }

  @Override
  public void start(ClusterService service, TreeEntry entry, String node) {
    VolumeResource volume = entry.resource().volume();
    String ns = service.getMetadata().getNamespace();
    if (claim(ns, volume.claimName()) != null || volume.size() == null) {
      return;
    }
    PersistentVolumeClaim pvc =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(volume.claimName())
            .withNamespace(ns)
            .withLabels(
                Map.of(
                    Labels.SERVICE,
                    service.getMetadata().getName(),
                    Labels.MANAGED_BY,
                    Labels.OPERATOR))
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withStorageClassName(volume.storageClassName())
            .withNewResources()
            .withRequests(Map.of("storage", new Quantity(volume.size())))
            .endResources()
            .endSpec()
            .build();
    objects.createClaim(pvc);
  }

  @Override
  public void stop(ClusterService service, TreeEntry entry) {
    // Stopping a volume keeps its data: the children that mounted it have already stopped.
  }

  @Override
  public boolean stopped(ClusterService service, TreeEntry entry) {
    String claim = entry.resource().volume().claimName();
    return objects.podsOf(service).stream()
        .noneMatch(
            p ->
                p.getSpec().getVolumes() != null
                    && p.getSpec().getVolumes().stream()
                        .anyMatch(
                            v ->
                                v.getPersistentVolumeClaim() != null
                                    && claim.equals(v.getPersistentVolumeClaim().getClaimName())));
  }

  @Override
  public Observation observe(ClusterService service, TreeEntry entry, String node) {
    VolumeResource volume = entry.resource().volume();
    PersistentVolumeClaim pvc = claim(service.getMetadata().getNamespace(), volume.claimName());
    if (pvc == null) {
      return volume.size() == null
          ? Observation.of(
              ResourceHealth.FAILED,
              "claim " + volume.claimName() + " does not exist: create it or set volume.size")
          : Observation.of(
              ResourceHealth.STOPPED, "claim " + volume.claimName() + " not created yet");
    }
    String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
    if ("Lost".equals(phase)) {
      return Observation.of(ResourceHealth.FAILED, "claim " + volume.claimName() + " is Lost");
    }
    return Observation.of(
        ResourceHealth.STARTED,
        "claim " + volume.claimName() + " " + (phase == null ? "created" : phase));
  }

  private PersistentVolumeClaim claim(String ns, String name) {
    return objects.claim(ns, name);
  }
}
