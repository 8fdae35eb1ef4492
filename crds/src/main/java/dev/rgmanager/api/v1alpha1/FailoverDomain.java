package dev.rgmanager.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A failover domain: the nodes a service may run on, their priorities, and the failback rule. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Plural("failoverdomains")
@ShortNames({"fod"})
@AdditionalPrinterColumn(
    name = "Ordered",
    jsonPath = ".spec.ordered",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Restricted",
    jsonPath = ".spec.restricted",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "NoFailback",
    jsonPath = ".spec.nofailback",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Online",
    jsonPath = ".status.onlineMembers",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class FailoverDomain extends CustomResource<FailoverDomainSpec, FailoverDomainStatus>
    implements Namespaced {

  /** Never null: an object the API server sends without a status reads as an empty one. */
  @Override
  protected FailoverDomainStatus initStatus() {
    return FailoverDomainStatus.empty();
  }
}
