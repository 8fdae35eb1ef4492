package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.FenceDevice;
import dev.rgmanager.api.v1alpha1.FenceDeviceStatus;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.SecretKeyRef;
import dev.rgmanager.fence.scsi.KeyWitness;
import dev.rgmanager.operator.fencing.AgentDeviceFencer;
import dev.rgmanager.operator.fencing.DeviceFencer;
import dev.rgmanager.operator.membership.Durations;
import dev.rgmanager.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Checks that a FenceDevice's credentials Secret exists with the keys it names, and monitors the
 * device every monitorInterval. Only key names and agent messages (never credentials) reach status.
 * A device that no fence method of the cluster names is neither monitored nor used: anyone who may
 * create a FenceDevice could otherwise have the operator send a Secret to an address of their
 * choosing.
 */
@ControllerConfiguration(name = "fencedevice")
public class FenceDeviceReconciler implements Reconciler<FenceDevice> {
  private final Clock clock;
  private final AgentDeviceFencer fencer;

  public FenceDeviceReconciler(Clock clock, KubernetesClient client, KeyWitness witness) {
    this.clock = clock;
    this.fencer = new AgentDeviceFencer(client, () -> "monitor", witness);
  }

  @Override
  public UpdateControl<FenceDevice> reconcile(FenceDevice device, Context<FenceDevice> ctx) {
    long generation = device.getMetadata().getGeneration();
    Condition valid = credentialsCondition(device, ctx, generation);
    FenceDeviceStatus old = device.getStatus();
    Duration interval = Durations.parse(device.getSpec().monitorIntervalOrDefault());
    boolean due =
        old.lastMonitorTime() == null
            || !Instant.parse(old.lastMonitorTime()).plus(interval).isAfter(clock.instant())
            || !Long.valueOf(generation).equals(old.observedGeneration());
    Boolean reachable = old.reachable();
    String monitored = old.lastMonitorTime();
    String message = old.message();
    List<Condition> updates = new java.util.ArrayList<>(List.of(valid));
    boolean referenced =
        FenceDeviceReferences.referenced(
            ActiveCluster.of(ctx.getClient().resources(HACluster.class).list().getItems()),
            device.getMetadata().getNamespace(),
            device.getMetadata().getName());
    if (!referenced) {
      updates.add(
          Conditions.of(
              "Ready",
              false,
              "NotReferenced",
              "no fence method of the HACluster names this device, so it is neither monitored nor"
                  + " used; add it to spec.nodes[].fenceMethods[].devices",
              generation));
    }
    if (referenced && "True".equals(valid.status()) && due) {
      DeviceFencer.DeviceResult r = fencer.monitor(device);
      reachable = r.succeeded();
      monitored = clock.instant().toString();
      message = r.message();
      updates.add(
          Conditions.of(
              "Ready",
              r.succeeded(),
              r.succeeded() ? "MonitorSucceeded" : "MonitorFailed",
              r.message(),
              generation));
    }
    List<Condition> conditions = Conditions.merge(old.conditions(), updates, clock);
    FenceDeviceStatus next =
        new FenceDeviceStatus(generation, reachable, monitored, message, conditions);
    if (next.equals(old)) {
      return UpdateControl.<FenceDevice>noUpdate().rescheduleAfter(interval);
    }
    device.setStatus(next);
    return UpdateControl.patchStatus(device).rescheduleAfter(interval);
  }

  private static Condition credentialsCondition(
      FenceDevice device, Context<FenceDevice> ctx, long generation) {
    SecretKeyRef ref = device.getSpec().credentialsSecretRef();
    if (ref == null) {
      return Conditions.of(
          "Valid", true, "NoCredentials", "the agent needs no credentials", generation);
    }
    String ns = device.getMetadata().getNamespace();
    Secret secret = ctx.getClient().secrets().inNamespace(ns).withName(ref.name()).get();
    if (secret == null) {
      return Conditions.of(
          "Valid",
          false,
          "SecretNotFound",
          "spec.credentialsSecretRef.name: Secret "
              + ns
              + "/"
              + ref.name()
              + " does not exist; create it with keys "
              + ref.usernameKeyOrDefault()
              + " and "
              + ref.passwordKeyOrDefault(),
          generation);
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    if (!data.containsKey(ref.passwordKeyOrDefault())) {
      return Conditions.of(
          "Valid",
          false,
          "SecretKeyMissing",
          "spec.credentialsSecretRef.passwordKey: Secret "
              + ns
              + "/"
              + ref.name()
              + " has no key "
              + ref.passwordKeyOrDefault(),
          generation);
    }
    return Conditions.of("Valid", true, "CredentialsFound", "credentials Secret found", generation);
  }
}
