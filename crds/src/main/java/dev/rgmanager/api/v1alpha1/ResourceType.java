package dev.rgmanager.api.v1alpha1;

/** The types of resource a service tree can hold. */
public enum ResourceType {
  VOLUME,
  IP,
  APP,
  VM
}
