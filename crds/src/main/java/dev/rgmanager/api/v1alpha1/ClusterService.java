package dev.rgmanager.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cluster service (rgmanager service): a resource tree that runs on exactly one node at a time.
 */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Plural("clusterservices")
@ShortNames({"csvc", "hasvc"})
@AdditionalPrinterColumn(
    name = "State",
    jsonPath = ".status.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Owner",
    jsonPath = ".status.owner",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Domain",
    jsonPath = ".spec.domain",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Frozen",
    jsonPath = ".spec.frozen",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ClusterService extends CustomResource<ClusterServiceSpec, ClusterServiceStatus>
    implements Namespaced {

  /** Never null: an object the API server sends without a status reads as an empty one. */
  @Override
  protected ClusterServiceStatus initStatus() {
    return ClusterServiceStatus.empty();
  }
}
