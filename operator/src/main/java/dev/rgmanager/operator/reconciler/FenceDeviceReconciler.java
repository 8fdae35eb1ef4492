package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.FenceDevice;
import dev.rgmanager.api.v1alpha1.FenceDeviceStatus;
import dev.rgmanager.api.v1alpha1.SecretKeyRef;
import dev.rgmanager.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Checks that a FenceDevice's credentials Secret exists with the keys it names. Only key names are
 * ever read into status or logs, never values.
 */
@ControllerConfiguration(name = "fencedevice")
public class FenceDeviceReconciler implements Reconciler<FenceDevice> {
  private final Clock clock;

  public FenceDeviceReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<FenceDevice> reconcile(FenceDevice device, Context<FenceDevice> ctx) {
    long generation = device.getMetadata().getGeneration();
    Condition valid = credentialsCondition(device, ctx, generation);
    FenceDeviceStatus old = device.getStatus();
    List<Condition> conditions =
        Conditions.merge(
            old == null || old.conditions() == null ? List.of() : old.conditions(),
            List.of(valid),
            clock);
    FenceDeviceStatus next =
        old == null
            ? new FenceDeviceStatus(generation, null, null, valid.message(), conditions)
            : new FenceDeviceStatus(
                generation, old.reachable(), old.lastMonitorTime(), old.message(), conditions);
    if (next.equals(old)) {
      return UpdateControl.noUpdate();
    }
    device.setStatus(next);
    return UpdateControl.patchStatus(device);
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
