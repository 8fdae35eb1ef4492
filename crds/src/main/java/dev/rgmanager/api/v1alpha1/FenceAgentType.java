package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The fence agents the operator drives. */
public enum FenceAgentType {
  /** IPMI over LAN (RMCP+), power fencing. */
  @JsonProperty("ipmilan")
  IPMILAN,
  /** SCSI-3 persistent reservations on shared storage. */
  @JsonProperty("scsi")
  SCSI,
  /** Any installed ClusterLabs fence_* program, driven through its stdin protocol. */
  @JsonProperty("external")
  EXTERNAL
}
