package dev.rgmanager.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An OCI image archive (an OCI layout in a tar) read as its reference, config and layer contents.
 */
final class ImageArchive {

  /** One file of a layer: its owner and mode as the tar stores them. */
  record Entry(String path, long uid, long gid, int mode, boolean directory) {}

  /**
   * One layer: its digest as the manifest names it, the digest its bytes really have, its files.
   */
  record Layer(String digest, String actualDigest, long size, Map<String, Entry> entries) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  final String reference;
  final JsonNode config;
  final List<Layer> layers;

  private ImageArchive(String reference, JsonNode config, List<Layer> layers) {
    this.reference = reference;
    this.config = config;
    this.layers = layers;
  }

  /** Reads the archive; fails with the build command when it has not been built. */
  static ImageArchive read(Path tar) throws IOException {
    if (!Files.isRegularFile(tar)) {
      throw new IllegalStateException(
          "no image archive at "
              + tar
              + ": build it with ./mvnw -B -Pimage -pl operator/image -am package");
    }
    Map<String, byte[]> small = new HashMap<>();
    Map<String, String> actualDigests = new HashMap<>();
    Map<String, Map<String, Entry>> layerEntries = new HashMap<>();
    try (TarArchiveInputStream archive =
        new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
      for (TarArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
        if (!e.isFile()) {
          continue;
        }
        String name = e.getName().replaceFirst("^\\./", "");
        DigestInputStream digesting = new DigestInputStream(archive, sha256());
        BufferedInputStream in = new BufferedInputStream(digesting, 64 * 1024);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        if (gzip) {
          layerEntries.put(name, entries(in));
        } else if (e.getSize() < 64 * 1024) {
          small.put(name, in.readAllBytes());
        }
        in.transferTo(OutputStream.nullOutputStream());
        actualDigests.put(
            name, "sha256:" + HexFormat.of().formatHex(digesting.getMessageDigest().digest()));
      }
    }
    JsonNode index = json(small, "index.json");
    if (index.path("manifests").size() != 1) {
      throw new IllegalStateException(
          "index.json lists " + index.path("manifests").size() + " manifests, not 1");
    }
    JsonNode described = index.path("manifests").get(0);
    String reference =
        described.path("annotations").path("org.opencontainers.image.ref.name").asText();
    JsonNode manifest = json(small, blob(described.path("digest").asText()));
    JsonNode config = json(small, blob(manifest.path("config").path("digest").asText()));
    List<Layer> layers = new ArrayList<>();
    for (JsonNode layer : manifest.path("layers")) {
      String digest = layer.path("digest").asText();
      layers.add(
          new Layer(
              digest,
              actualDigests.get(blob(digest)),
              layer.path("size").asLong(),
              layerEntries.getOrDefault(blob(digest), Map.of())));
    }
    return new ImageArchive(reference, config, layers);
  }

  /** The layer holding PATH (no leading slash), or an error naming the path. */
  Layer layerWith(String path) {
    return layers.stream()
        .filter(layer -> layer.entries().containsKey(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no layer of the image holds " + path));
  }

  private static Map<String, Entry> entries(InputStream gzippedTar) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    // Not closed: closing would close the archive stream that holds it.
    TarArchiveInputStream layer =
        new TarArchiveInputStream(new GzipCompressorInputStream(gzippedTar));
    for (TarArchiveEntry e = layer.getNextEntry(); e != null; e = layer.getNextEntry()) {
      String path = e.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
      entries.put(
          path,
          new Entry(path, e.getLongUserId(), e.getLongGroupId(), e.getMode(), e.isDirectory()));
    }
    return entries;
  }

  private static JsonNode json(Map<String, byte[]> small, String name) throws IOException {
    byte[] bytes = small.get(name);
    if (bytes == null) {
      throw new IllegalStateException("the image archive has no " + name);
    }
    return JSON.readTree(bytes);
  }

  private static String blob(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
