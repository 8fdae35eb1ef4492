package dev.rgmanager.fence;

/** What a fence device says about a node: powered (or with storage access) or cut off. */
public enum PowerState {
  ON,
  OFF,
  UNKNOWN
}
