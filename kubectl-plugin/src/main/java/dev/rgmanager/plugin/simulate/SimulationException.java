package dev.rgmanager.plugin.simulate;

/** Invalid simulation input; the message names the file, document and field. */
class SimulationException extends Exception {
  SimulationException(String message) {
    super(message);
  }
}
