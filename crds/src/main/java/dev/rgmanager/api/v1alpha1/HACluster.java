package dev.rgmanager.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The cluster: members, votes and quorum, membership timing and each member's fencing. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Plural("haclusters")
@ShortNames({"hac", "hacl"})
@AdditionalPrinterColumn(
    name = "Quorate",
    jsonPath = ".status.quorate",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Votes",
    jsonPath = ".status.votes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Expected",
    jsonPath = ".status.expectedVotes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Members",
    jsonPath = ".status.onlineMembers",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class HACluster extends CustomResource<HAClusterSpec, HAClusterStatus> {

  @Override
  protected HAClusterSpec initSpec() {
    return HAClusterSpec.empty();
  }

  /** Never null: an object the API server sends without a status reads as an empty one. */
  @Override
  protected HAClusterStatus initStatus() {
    return HAClusterStatus.empty();
  }
}
