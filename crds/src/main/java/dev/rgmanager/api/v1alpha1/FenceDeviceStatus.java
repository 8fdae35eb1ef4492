package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed fence device state from the periodic monitor action. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FenceDeviceStatus(
    @JsonPropertyDescription("The metadata.generation this status was computed from.")
        Long observedGeneration,
    @JsonPropertyDescription("Whether the last monitor reached the device.") Boolean reachable,
    @JsonPropertyDescription("When the device was last monitored (RFC 3339).")
        String lastMonitorTime,
    @JsonPropertyDescription("Result of the last monitor, never containing credentials.")
        String message,
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonPropertyDescription("Conditions: Ready (monitor succeeded), Valid.")
        List<Condition> conditions) {
  /** Lists the API's JSON leaves out read as empty: a status's lists are never null. */
  public FenceDeviceStatus {
    conditions = conditions == null ? List.of() : conditions;
  }

  /** Nothing recorded yet: the status of an object its reconciler has not written. */
  public static FenceDeviceStatus empty() {
    return new FenceDeviceStatus(null, null, null, null, null);
  }
}
