package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A PersistentVolumeClaim the service's pods mount on the owner node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeResource(
    @Required
        @Pattern(ApiConstants.NAME_PATTERN)
        @JsonPropertyDescription(
            "Name of the PersistentVolumeClaim. Used as is when it exists; otherwise created from"
                + " size and storageClassName.")
        String claimName,
    @JsonPropertyDescription("Size of a claim the operator creates, e.g. 10Gi.")
        @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
        String size,
    @JsonPropertyDescription("StorageClass of a claim the operator creates.")
        String storageClassName,
    @JsonPropertyDescription("Where child applications mount the volume. Default /data.")
        @Default(Defaults.MOUNT_PATH)
        @Pattern("^/.*$")
        String mountPath) {

  public String mountPathOrDefault() {
    return mountPath == null ? Defaults.MOUNT_PATH : mountPath;
  }
}
