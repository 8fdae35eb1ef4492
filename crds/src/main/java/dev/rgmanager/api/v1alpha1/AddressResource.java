package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A floating address: a Kubernetes Service whose endpoints always point at the current owner. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AddressResource(
    @JsonPropertyDescription(
            "Name of the Kubernetes Service. Default: <service>-<resource>-<hash>, the hash"
                + " keeping it apart from other services' names; set it for a fixed name clients"
                + " use.")
        @Pattern(ApiConstants.LABEL_PATTERN)
        String serviceName,
    @JsonPropertyDescription(
            "Service type: ClusterIP, NodePort or LoadBalancer. Default ClusterIP.")
        @Default(Defaults.ADDRESS_TYPE_JSON)
        AddressType type,
    @Required @Size(min = 1, max = 16) @JsonPropertyDescription("Ports the address exposes.")
        List<AddressPort> ports) {

  public AddressType typeOrDefault() {
    return type == null ? Defaults.ADDRESS_TYPE : type;
  }

  /** Kubernetes Service types a floating address can take. */
  public enum AddressType {
    @JsonProperty("ClusterIP")
    CLUSTER_IP,
    @JsonProperty("NodePort")
    NODE_PORT,
    @JsonProperty("LoadBalancer")
    LOAD_BALANCER
  }

  /** One port of a floating address. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AddressPort(
      @JsonPropertyDescription("Port name.") @Pattern(ApiConstants.LABEL_PATTERN) String name,
      @Required @Min(1) @Max(65535) @JsonPropertyDescription("Port clients connect to.")
          Integer port,
      @JsonPropertyDescription("Port on the application pod. Default: port.") @Min(1) @Max(65535)
          Integer targetPort,
      @JsonPropertyDescription("TCP, UDP or SCTP. Default TCP.")
          @Default(Defaults.PORT_PROTOCOL)
          @Pattern("^(TCP|UDP|SCTP)$")
          String protocol) {

    public String protocolOrDefault() {
      return protocol == null ? Defaults.PORT_PROTOCOL : protocol;
    }
  }
}
