package dev.rgmanager.operator.resource;

import io.fabric8.kubernetes.api.model.Service;

/** Where the floating addresses' Kubernetes Services are read and written. */
public interface AddressServices {
  /**
   * The Service of that name from the informer's cache, or null. The cache holds only Services
   * labelled as the operator's, so null does not mean that no Service has the name.
   */
  Service address(String namespace, String name);

  /** The Service of that name as the API server has it, whoever made it, or null: one request. */
  Service liveAddress(String namespace, String name);

  /** Creates or changes a Service to match {@code desired}. */
  void applyAddress(Service desired);
}
