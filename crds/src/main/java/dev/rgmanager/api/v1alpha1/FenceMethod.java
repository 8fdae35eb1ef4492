package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A fence method: devices that must ALL succeed (for example both power supplies). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FenceMethod(
    @Required
        @Pattern(ApiConstants.LABEL_PATTERN)
        @JsonPropertyDescription("Name of the method, unique within the node (for example power).")
        String name,
    @Required
        @Size(min = 1, max = 8)
        @JsonPropertyDescription(
            "Devices of this method; all are switched off (then verified) for the method to succeed.")
        List<FenceDeviceUse> devices) {}
