package dev.rgmanager.fence;

import java.util.List;

/** One agent parameter as the ClusterLabs metadata describes it: name, type, default, getopt. */
public record ParameterSpec(
    String name,
    Type type,
    String defaultValue,
    boolean required,
    String getopt,
    String description,
    List<String> options) {

  /** The content types of the ClusterLabs metadata schema. */
  public enum Type {
    STRING,
    INTEGER,
    SECOND,
    BOOLEAN,
    SELECT
  }

  public static ParameterSpec string(String name, String getopt, String description) {
    return new ParameterSpec(name, Type.STRING, null, false, getopt, description, List.of());
  }

  public static ParameterSpec of(
      String name, Type type, String defaultValue, String getopt, String description) {
    return new ParameterSpec(name, type, defaultValue, false, getopt, description, List.of());
  }

  public static ParameterSpec select(
      String name, String defaultValue, String getopt, String description, String... options) {
    return new ParameterSpec(
        name, Type.SELECT, defaultValue, false, getopt, description, List.of(options));
  }

  public ParameterSpec required(boolean value) {
    return new ParameterSpec(name, type, defaultValue, value, getopt, description, options);
  }
}
