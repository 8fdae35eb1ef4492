package dev.rgmanager.api.v1alpha1;

/** Names shared by the API types, the operator and the plugin. */
public final class ApiConstants {
  public static final String GROUP = "rgmanager.dev";
  public static final String VERSION = "v1alpha1";

  /** A Go-style duration such as {@code 10s}, {@code 1m30s} or {@code 500ms}. */
  public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  /** A Kubernetes object name (RFC 1123 subdomain). */
  public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  /** A resource name inside a service tree (RFC 1123 label). */
  public static final String LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** Annotation carrying a one-shot operation request on a ClusterService. */
  public static final String OPERATION_ANNOTATION = GROUP + "/operation";

  private ApiConstants() {}
}
