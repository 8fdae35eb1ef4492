package dev.rgmanager.plugin.importer;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Converts an rgmanager cluster.conf into our manifests: a Namespace, the HACluster, Secret stubs
 * and FenceDevices, FailoverDomains and ClusterServices. Whatever has no counterpart is reported in
 * a comment; passwords are never read into the output.
 */
public final class ClusterConfImporter {
  /** The manifests, as multi-document YAML, and how many lines need the administrator. */
  public record Result(String yaml, long attention) {}

  private ClusterConfImporter() {}

  /**
   * Imports cluster.conf text. {@code namespace} receives the namespaced objects; null means a
   * namespace named after the cluster.
   */
  public static Result importConf(String xml, String namespace) {
    Element cluster = parse(xml);
    if (!cluster.tag().equals("cluster")) {
      throw new IllegalArgumentException(
          "not a cluster.conf: the root element is <" + cluster.tag() + ">, not <cluster>");
    }
    String clusterName = cluster.peek("name").isEmpty() ? "cluster" : cluster.peek("name");
    String ns = namespace != null ? namespace : Names.label(clusterName);
    ImportContext context = new ImportContext(clusterName, ns);

    List<Manifest> fencing =
        new FencingImport(context)
            .convert(cluster.child("fencedevices").map(Element::children).orElse(List.of()));
    Manifest hacluster = new ClusterImport(context).convert(cluster);
    Optional<Element> rm = cluster.child("rm");
    List<Manifest> domains = new ArrayList<>();
    List<Manifest> services = new ArrayList<>();
    List<String> rmNotes = new ArrayList<>();
    if (rm.isPresent()) {
      Element manager = rm.get();
      domains =
          new DomainImport(context)
              .convert(manager.child("failoverdomains").map(Element::children).orElse(List.of()));
      ServiceImport serviceImport =
          new ServiceImport(
              context, manager.child("resources").map(Element::children).orElse(List.of()));
      services =
          serviceImport.convert(
              manager.children().stream()
                  .filter(e -> e.tag().equals("service") || e.tag().equals("vm"))
                  .toList());
      for (String unused : serviceImport.unreferenced()) {
        rmNotes.add("NOT MAPPED: global resource " + unused + " is used by no service.");
      }
      for (Element section : manager.children()) {
        if (!Set.of("failoverdomains", "resources", "service", "vm").contains(section.tag())) {
          rmNotes.add("NOT MAPPED: <rm> section " + section.describe() + ".");
        }
      }
      for (String attribute : manager.unusedAttributes()) {
        rmNotes.add("NOT MAPPED: <rm> " + attribute);
      }
    }

    Manifest namespaceDoc = new Manifest("v1", "Namespace", ns, null);
    namespaceDoc.note(
        "Imported by `kubectl cluster-status import` from cluster.conf \""
            + clusterName
            + "\""
            + cluster.attr("config_version").map(v -> " (config_version " + v + ")").orElse("")
            + ".");
    namespaceDoc.note("Review every TODO and NOT MAPPED comment below before applying; then");
    namespaceDoc.note("check the result with `kubectl cluster-status validate -f FILE`.");
    rmNotes.forEach(namespaceDoc::note);

    List<Manifest> all = new ArrayList<>();
    all.add(namespaceDoc);
    all.add(hacluster);
    all.addAll(fencing);
    all.addAll(domains);
    all.addAll(services);
    StringBuilder yaml = new StringBuilder();
    for (Manifest manifest : all) {
      yaml.append("---\n").append(manifest.render());
    }
    long attention =
        yaml.toString().lines().filter(l -> l.matches("\\s*# (TODO|NOT MAPPED):.*")).count();
    return new Result(yaml.toString(), attention);
  }

  private static Element parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // cluster.conf needs no DTD or entities; refusing them keeps the parser from reading files.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // Errors surface once, as the exception below, not also as "[Fatal Error]" on stderr.
      builder.setErrorHandler(
          new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
              throw e;
            }
          });
      return new Element(
          builder.parse(new InputSource(new StringReader(xml))).getDocumentElement());
    } catch (SAXException e) {
      throw new IllegalArgumentException(
          "cluster.conf is not well-formed XML: " + e.getMessage(), e);
    } catch (ParserConfigurationException | IOException e) {
      throw new IllegalStateException("cannot read cluster.conf: " + e.getMessage(), e);
    }
  }
}
