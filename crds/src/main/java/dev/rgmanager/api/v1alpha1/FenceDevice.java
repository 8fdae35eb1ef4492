package dev.rgmanager.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A fence device (cluster.conf fencedevice): an agent, how to reach it, where its credentials are.
 */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Plural("fencedevices")
@ShortNames({"fdev"})
@AdditionalPrinterColumn(
    name = "Agent",
    jsonPath = ".spec.agent",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reachable",
    jsonPath = ".status.reachable",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Last Monitor",
    jsonPath = ".status.lastMonitorTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class FenceDevice extends CustomResource<FenceDeviceSpec, FenceDeviceStatus>
    implements Namespaced {

  /** Never null: an object the API server sends without a status reads as an empty one. */
  @Override
  protected FenceDeviceStatus initStatus() {
    return FenceDeviceStatus.empty();
  }
}
