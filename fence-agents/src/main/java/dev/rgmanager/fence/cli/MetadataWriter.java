package dev.rgmanager.fence.cli;

import dev.rgmanager.fence.Action;
import dev.rgmanager.fence.AgentDescription;
import dev.rgmanager.fence.ParameterSpec;
import java.util.Locale;
import java.util.Map;

/** Writes an agent's metadata in the ClusterLabs resource-agent XML format. */
public final class MetadataWriter {
  /** Deprecated names that fence agents still list, pointing at the current name. */
  private static final Map<String, String> OBSOLETE =
      Map.of("ipaddr", "ip", "login", "username", "passwd", "password", "port", "plug");

  private MetadataWriter() {}

  public static String write(AgentDescription d) {
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" ?>\n");
    x.append("<resource-agent name=\"")
        .append(esc(d.name()))
        .append("\" shortdesc=\"")
        .append(esc(d.shortDescription()))
        .append("\" >\n");
    x.append("<longdesc>").append(esc(d.longDescription())).append("</longdesc>\n");
    x.append("<vendor-url>https://github.com/rgmanager-operator</vendor-url>\n");
    x.append("<parameters>\n");
    for (ParameterSpec p : d.parameters()) {
      String old =
          OBSOLETE.entrySet().stream()
              .filter(e -> e.getValue().equals(p.name()))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      parameter(x, p, p.name(), false, old);
      if (old != null) {
        parameter(x, p, old, true, null);
      }
    }
    x.append("</parameters>\n");
    x.append("<actions>\n");
    for (Action a : Action.values()) {
      x.append("\t<action name=\"").append(a.word()).append("\"");
      if (a == Action.ON && d.unfencing()) {
        // fence_scsi style: "on" is unfencing, run by the node itself when it joins.
        x.append(" on_target=\"1\" automatic=\"1\"");
      }
      x.append(" />\n");
    }
    x.append("</actions>\n");
    x.append("</resource-agent>\n");
    return x.toString();
  }

  private static void parameter(
      StringBuilder x, ParameterSpec p, String name, boolean deprecated, String obsoletes) {
    x.append("\t<parameter name=\"").append(esc(name)).append("\" unique=\"0\" required=\"");
    x.append(p.required() && !deprecated ? "1" : "0").append("\"");
    if (deprecated) {
      x.append(" deprecated=\"1\"");
    }
    if (obsoletes != null) {
      x.append(" obsoletes=\"").append(esc(obsoletes)).append("\"");
    }
    x.append(">\n");
    x.append("\t\t<getopt mixed=\"").append(esc(p.getopt())).append("\" />\n");
    x.append("\t\t<content type=\"").append(p.type().name().toLowerCase(Locale.ROOT)).append("\"");
    if (p.defaultValue() != null) {
      x.append(" default=\"").append(esc(p.defaultValue())).append("\"");
    }
    if (p.type() == ParameterSpec.Type.SELECT) {
      x.append(" >\n");
      for (String o : p.options()) {
        x.append("\t\t\t<option value=\"").append(esc(o)).append("\" />\n");
      }
      x.append("\t\t</content>\n");
    } else {
      x.append(" />\n");
    }
    x.append("\t\t<shortdesc lang=\"en\">").append(esc(p.description())).append("</shortdesc>\n");
    x.append("\t</parameter>\n");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
