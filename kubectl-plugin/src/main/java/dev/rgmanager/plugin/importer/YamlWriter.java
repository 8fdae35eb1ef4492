package dev.rgmanager.plugin.importer;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Writes YamlMap documents as block YAML with comments, the same text for the same input. */
final class YamlWriter {
  /** Strings that stay unquoted: no YAML indicator, and not readable as a number or boolean. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./-]*");

  private static final Pattern RESERVED =
      Pattern.compile("(?i)true|false|yes|no|on|off|y|n|null|~");

  private final StringBuilder out = new StringBuilder();

  /** One document: its header comment lines, then the mapping. */
  static String document(List<String> header, YamlMap root) {
    YamlWriter writer = new YamlWriter();
    for (String line : header) {
      writer.commentLine("", line);
    }
    writer.writeMap(root, "");
    return writer.out.toString();
  }

  private void writeMap(YamlMap map, String indent) {
    for (Map.Entry<String, Object> entry : map.entries().entrySet()) {
      writeEntry(map, entry.getKey(), entry.getValue(), indent, indent);
    }
  }

  private void writeEntry(YamlMap map, String key, Object value, String lead, String indent) {
    for (String line : map.commentsOf(key)) {
      commentLine(indent, line);
    }
    out.append(lead).append(scalar(key)).append(':');
    writeValue(value, indent);
  }

  private void writeValue(Object value, String indent) {
    if (value instanceof YamlMap child) {
      if (child.isEmpty()) {
        out.append(" {}\n");
      } else {
        out.append('\n');
        writeMap(child, indent + "  ");
      }
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append(" []\n");
      } else {
        out.append('\n');
        for (Object item : list) {
          writeItem(item, indent + "  ");
        }
      }
    } else {
      out.append(' ').append(scalar(value)).append('\n');
    }
  }

  private void writeItem(Object item, String indent) {
    if (item instanceof YamlMap map && !map.isEmpty()) {
      boolean first = true;
      for (Map.Entry<String, Object> entry : map.entries().entrySet()) {
        if (first) {
          // Comments of the first key go above the dash, where a reader looks for them.
          for (String line : map.commentsOf(entry.getKey())) {
            commentLine(indent, line);
          }
          out.append(indent).append("- ").append(scalar(entry.getKey())).append(':');
          writeValue(entry.getValue(), indent + "  ");
          first = false;
        } else {
          writeEntry(map, entry.getKey(), entry.getValue(), indent + "  ", indent + "  ");
        }
      }
    } else if (item instanceof YamlMap) {
      out.append(indent).append("- {}\n");
    } else {
      out.append(indent).append("- ").append(scalar(item)).append('\n');
    }
  }

  private void commentLine(String indent, String text) {
    // A line break inside a comment would end it and leave the rest as YAML.
    String line = text.replaceAll("[\r\n]+", " ");
    out.append(indent).append(line.isEmpty() ? "#" : "# " + line).append('\n');
  }

  static String scalar(Object value) {
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String text = String.valueOf(value);
    if (PLAIN.matcher(text).matches() && !RESERVED.matcher(text).matches()) {
      return text;
    }
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\x%02x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
