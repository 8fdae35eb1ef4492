package dev.rgmanager.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * {@code status.members[].lastHeartbeat} became {@code heartbeatAtTransition}: an object written
 * before the rename keeps its value through an upgrade, and only the new name is written.
 */
class MemberStatusRenameTest {
  private static final String BEFORE =
      "{\"name\":\"node-1\",\"state\":\"offline\",\"lastHeartbeat\":\"2026-11-23T09:58:00Z\"}";

  @Test
  void theFormerNameIsReadAsTheNewOne() throws IOException {
    MemberStatus m = Serialization.jsonMapper().readValue(BEFORE, MemberStatus.class);

    assertThat(m.heartbeatAtTransition()).isEqualTo("2026-11-23T09:58:00Z");
  }

  @Test
  void onlyTheNewNameIsWritten() throws IOException {
    MemberStatus m = Serialization.jsonMapper().readValue(BEFORE, MemberStatus.class);

    JsonNode written = Serialization.jsonMapper().valueToTree(m);

    assertThat(written.has("lastHeartbeat")).isFalse();
    assertThat(written.path("heartbeatAtTransition").asText()).isEqualTo("2026-11-23T09:58:00Z");
  }

  /** The API server prunes what the schema does not list, on reads from etcd as well. */
  @Test
  void theCrdStillListsTheFormerNameSoTheServerDoesNotPruneIt() throws IOException {
    JsonNode crd =
        new ObjectMapper(new YAMLFactory())
            .readTree(
                Files.readString(CrdFiles.crdsDir().resolve("haclusters.rgmanager.dev.yaml")));
    JsonNode member =
        crd.at(
            "/spec/versions/0/schema/openAPIV3Schema/properties/status/properties/members/items"
                + "/properties");

    assertThat(member.has("heartbeatAtTransition")).isTrue();
    assertThat(member.path("lastHeartbeat").path("description").asText())
        .startsWith("Deprecated: the former name of heartbeatAtTransition");
  }
}
