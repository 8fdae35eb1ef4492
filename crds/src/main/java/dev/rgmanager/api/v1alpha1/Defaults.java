package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The default of every optional field, written once: the CRD schema's {@code @Default} and the
 * record's {@code ...OrDefault()} accessor both read it here.
 *
 * <p>An annotation takes only compile-time constant strings: {@code "" + AUTOSTART} is one, so
 * booleans and numbers are declared typed and turned into the schema's text where they are used.
 * Enum defaults are declared by their JSON value ({@code ..._JSON}, what the schema holds) and the
 * typed constant is looked up from it.
 */
public final class Defaults {
  private Defaults() {}

  // HACluster spec.
  public static final boolean TWO_NODE = false;
  public static final String NO_QUORUM_POLICY_JSON = "stop";
  public static final String TOKEN_TIMEOUT = "10s";
  public static final String POST_FAIL_DELAY = "0s";
  public static final String POST_JOIN_DELAY = "6s";
  public static final int NODE_VOTES = 1;
  public static final int QUORUM_DEVICE_VOTES = 1;

  // ClusterService spec.
  public static final boolean AUTOSTART = true;
  public static final boolean EXCLUSIVE = false;
  public static final String RECOVERY_JSON = "restart";
  public static final String DEPEND_MODE_JSON = "hard";
  public static final String STATE_JSON = "enabled";
  public static final boolean FROZEN = false;
  public static final String STATUS_INTERVAL = "30s";
  public static final String START_TIMEOUT = "5m";
  public static final String STOP_TIMEOUT = "2m";
  public static final String MOUNT_PATH = "/data";
  public static final String ADDRESS_TYPE_JSON = "ClusterIP";
  public static final String PORT_PROTOCOL = "TCP";

  // FailoverDomain spec.
  public static final boolean ORDERED = false;
  public static final boolean RESTRICTED = false;
  public static final boolean NOFAILBACK = false;
  public static final int MEMBER_PRIORITY = 1;

  /**
   * Not in the schema: a schema default would make {@code has(self.selectorPriority)} true for
   * every domain, and the rule "selectorPriority needs nodeSelector" refuse every domain without a
   * selector.
   */
  public static final int SELECTOR_PRIORITY = 100;

  // FenceDevice spec.
  public static final String FENCE_TIMEOUT = "60s";
  public static final String MONITOR_INTERVAL = "60s";
  public static final String USERNAME_KEY = "username";
  public static final String PASSWORD_KEY = "password";
  public static final int IPMI_PORT = 623;
  public static final int IPMI_CIPHER_SUITE = 3;
  public static final String IPMI_PRIVILEGE_LEVEL_JSON = "administrator";
  public static final String IPMI_METHOD_JSON = "onoff";
  public static final String IPMI_POWER_WAIT = "2s";
  public static final int SCSI_LUN = 0;

  // The enum defaults, read from their JSON values above.
  public static final NoQuorumPolicy NO_QUORUM_POLICY =
      fromJson(NoQuorumPolicy.class, NO_QUORUM_POLICY_JSON);
  public static final RecoveryPolicy RECOVERY = fromJson(RecoveryPolicy.class, RECOVERY_JSON);
  public static final DependMode DEPEND_MODE = fromJson(DependMode.class, DEPEND_MODE_JSON);
  public static final DesiredState STATE = fromJson(DesiredState.class, STATE_JSON);
  public static final AddressResource.AddressType ADDRESS_TYPE =
      fromJson(AddressResource.AddressType.class, ADDRESS_TYPE_JSON);

  /** The constant of {@code type} whose {@code @JsonProperty} is {@code json}. */
  static <E extends Enum<E>> E fromJson(Class<E> type, String json) {
    for (E constant : type.getEnumConstants()) {
      try {
        JsonProperty p = type.getField(constant.name()).getAnnotation(JsonProperty.class);
        if (p != null && p.value().equals(json)) {
          return constant;
        }
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException(type.getName() + "." + constant.name(), e);
      }
    }
    throw new IllegalStateException(
        "no " + type.getSimpleName() + " has the JSON value " + json + ": fix Defaults");
  }
}
