package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A second-level resource of a service's tree. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.volume) ? 1 : 0) + (has(self.ip) ? 1 : 0) + (has(self.app) ? 1 : 0) +"
            + " (has(self.vm) ? 1 : 0) == 1",
    message = "each resource must set exactly one type: volume, ip, app or vm")
@ValidationRule(
    value = "!has(self.migrate) || has(self.vm)",
    message = "migrate is only allowed on a vm resource",
    fieldPath = ".migrate")
public record ChildResource(
    @Required
        @Pattern(ApiConstants.LABEL_PATTERN)
        @Size(max = 63)
        @JsonPropertyDescription("Resource name, unique in the service's tree.")
        String name,
    @JsonPropertyDescription("A claimed volume (rgmanager fs / clusterfs / lvm analog).")
        VolumeResource volume,
    @JsonPropertyDescription(
            "A floating address (rgmanager ip analog): a Service that routes to the current owner.")
        AddressResource ip,
    @JsonPropertyDescription(
            "An application pod (rgmanager script analog) bound to the owner node.")
        AppResource app,
    @JsonPropertyDescription(
            "A KubeVirt VirtualMachine (rgmanager vm analog), run as a VirtualMachineInstance bound to"
                + " the owner node; its runStrategy must be Manual or Halted.")
        VmResource vm,
    @JsonPropertyDescription("Migration mode for a vm resource: live or pause. Only for vm.")
        MigrationMode migrate,
    @JsonPropertyDescription("Child resources, started after this one and stopped before it.")
        @Size(max = 4)
        List<LeafResource> children)
    implements ResourceNode {

  @Override
  @JsonIgnore
  public List<LeafResource> childNodes() {
    return children == null ? List.of() : children;
  }
}
