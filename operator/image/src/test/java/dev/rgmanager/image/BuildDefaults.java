package dev.rgmanager.image;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** The image name the image module builds when not told otherwise: its pom's own properties. */
final class BuildDefaults {

  private BuildDefaults() {}

  /**
   * image.repository:image.tag as operator/image/pom.xml sets them (a -Dimage.tag on the command
   * line aside).
   */
  static String imageReference(Path pom) throws Exception {
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    return property(document, "image.repository") + ":" + property(document, "image.tag");
  }

  private static String property(Document pom, String name) {
    var nodes = pom.getElementsByTagName(name);
    if (nodes.getLength() != 1) {
      throw new IllegalStateException(
          "operator/image/pom.xml sets " + name + " " + nodes.getLength() + " times, not once");
    }
    return nodes.item(0).getTextContent().trim();
  }
}
