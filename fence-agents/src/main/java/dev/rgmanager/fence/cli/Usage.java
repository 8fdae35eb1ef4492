package dev.rgmanager.fence.cli;

import dev.rgmanager.fence.AgentDescription;
import dev.rgmanager.fence.ParameterSpec;

/** The --help text, built from the agent's parameter list. */
final class Usage {
  private Usage() {}

  static String text(AgentDescription d) {
    StringBuilder b = new StringBuilder();
    b.append(d.name()).append(" - ").append(d.shortDescription()).append("\n\n");
    b.append("Usage: ").append(d.name()).append(" [options]  (or key=value lines on stdin)\n");
    b.append("Actions: on, off, reboot, status, monitor, list, metadata, validate-all\n\n");
    for (ParameterSpec p : d.parameters()) {
      b.append(String.format("   %-36s %s%n", p.getopt(), p.description()));
    }
    return b.toString();
  }
}
