package dev.rgmanager.plugin.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.validation.ManifestValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Imports of realistic cluster.conf files pass offline admission and never carry a password. */
class ClusterConfImporterTest {
  private static final ManifestValidator VALIDATOR = ManifestValidator.create();

  /** Every password-like value in the test files: none may reach the output. */
  private static final List<String> SECRETS =
      List.of(
          "calvin",
          "changeme",
          "S3cr3tIlo!",
          "pr1vateC0mm",
          "Br0cadePw",
          "/usr/local/bin/drac-pass");

  static String conf(String name) throws IOException {
    try (InputStream in =
        ClusterConfImporterTest.class.getResourceAsStream("/cluster-conf/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "two-node-qdisk.conf",
        "five-node-domains.conf",
        "seven-node-vms.conf",
        "kvm-guests.conf"
      })
  void importPassesValidationWithoutPasswords(String file) throws IOException {
    String yaml = ClusterConfImporter.importConf(conf(file), null).yaml();

    assertThat(VALIDATOR.validate(file, yaml)).isEmpty();
    assertThat(yaml).doesNotContain(SECRETS);
    // fence_apc's example password is "apc": it must not appear as a value.
    assertThat(yaml).doesNotContainPattern("(?m)(: |\")apc\"?$");
    assertThat(ClusterConfImporter.importConf(conf(file), null).yaml()).isEqualTo(yaml);
  }
}
