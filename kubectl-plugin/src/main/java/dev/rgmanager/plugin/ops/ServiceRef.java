package dev.rgmanager.plugin.ops;

/** A service named on the command line: "name" (in the default namespace) or "namespace/name". */
public record ServiceRef(String namespace, String name) {
  public static ServiceRef parse(String text, String defaultNamespace) {
    int slash = text.indexOf('/');
    return slash < 0
        ? new ServiceRef(defaultNamespace, text)
        : new ServiceRef(text.substring(0, slash), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
