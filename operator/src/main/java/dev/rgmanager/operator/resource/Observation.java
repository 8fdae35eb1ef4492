package dev.rgmanager.operator.resource;

/** What an actuator saw of one resource: its health and why. */
public record Observation(ResourceHealth health, String message) {
  static Observation of(ResourceHealth health, String message) {
    return new Observation(health, message);
  }
}
