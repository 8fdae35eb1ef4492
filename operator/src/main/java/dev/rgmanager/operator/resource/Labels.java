package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ApiConstants;
import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;

/** Labels and owner references the operator puts on the objects it creates for a service. */
public final class Labels {
  public static final String SERVICE = ApiConstants.GROUP + "/service";
  public static final String RESOURCE = ApiConstants.GROUP + "/resource";
  public static final String OWNER = ApiConstants.GROUP + "/owner";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "rgmanager-operator";

  private Labels() {}

  public static Map<String, String> of(ClusterService service, String resource, String node) {
    return Map.of(
        SERVICE, service.getMetadata().getName(),
        RESOURCE, resource,
        OWNER, node,
        MANAGED_BY, OPERATOR);
  }

  public static OwnerReference ownerReference(ClusterService service) {
    return new OwnerReferenceBuilder()
        .withApiVersion(service.getApiVersion())
        .withKind(service.getKind())
        .withName(service.getMetadata().getName())
        .withUid(service.getMetadata().getUid())
        .withBlockOwnerDeletion(true)
        .withController(true)
        .build();
  }
}
