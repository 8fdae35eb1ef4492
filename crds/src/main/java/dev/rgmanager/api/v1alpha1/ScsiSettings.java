package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the shared LUN is for SCSI-3 persistent reservation fencing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.portal) != has(self.devicePath)",
    message = "spec.scsi: set exactly one of portal (iSCSI) or devicePath (local block device)")
@ValidationRule(
    value = "!has(self.portal) || has(self.targetIqn)",
    message = "spec.scsi.targetIqn is required with spec.scsi.portal",
    fieldPath = ".targetIqn")
public record ScsiSettings(
    @JsonPropertyDescription("iSCSI portal host:port; the operator fences at the storage fabric.")
        @Pattern("^[A-Za-z0-9.\\[\\]:-]+:[0-9]{1,5}$")
        String portal,
    @JsonPropertyDescription("iSCSI target IQN.") @Pattern("^(iqn|eui|naa)\\..+$") String targetIqn,
    @JsonPropertyDescription("Logical unit number. Default 0.")
        @Default("" + Defaults.SCSI_LUN)
        @Min(0)
        @Max(16383)
        Integer lun,
    @JsonPropertyDescription(
            "A block device local to the node, used with sg_persist instead of iSCSI.")
        @Pattern("^/dev/.+$")
        String devicePath,
    @JsonPropertyDescription(
            "Cluster identity mixed into each node's reservation key. Default: the HACluster name.")
        String keyPrefix) {}
