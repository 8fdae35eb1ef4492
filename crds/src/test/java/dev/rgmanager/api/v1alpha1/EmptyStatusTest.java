package dev.rgmanager.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A status is never null: an object the API server sends without a status, or with {@code status:
 * {}}, reads as the kind's {@code initStatus()}, whose lists are empty; and that empty status is
 * written back as {@code {}}, so that recording it shows nothing more than before.
 */
class EmptyStatusTest {
  static Stream<Class<? extends CustomResource<?, ?>>> kinds() {
    return CrdFiles.KINDS.stream();
  }

  private static CustomResource<?, ?> read(Class<? extends CustomResource<?, ?>> kind, String tail)
      throws IOException {
    String json =
        "{\"apiVersion\":\""
            + HasMetadata.getApiVersion(kind)
            + "\",\"kind\":\""
            + HasMetadata.getKind(kind)
            + "\",\"metadata\":{\"name\":\"x\",\"namespace\":\"ha\"},\"spec\":{}"
            + tail
            + "}";
    return Serialization.jsonMapper().readValue(json, kind);
  }

  private static Object initStatus(Class<? extends CustomResource<?, ?>> kind) throws Exception {
    return kind.getConstructor().newInstance().getStatus();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void noStatusReadsAsTheInitialStatus(Class<? extends CustomResource<?, ?>> kind)
      throws Exception {
    Object status = read(kind, "").getStatus();
    assertThat(status).isNotNull().isEqualTo(initStatus(kind));
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void anEmptyStatusReadsAsTheInitialStatus(Class<? extends CustomResource<?, ?>> kind)
      throws Exception {
    Object status = read(kind, ",\"status\":{}").getStatus();
    assertThat(status).isNotNull().isEqualTo(initStatus(kind));
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void theInitialStatusHasEmptyListsAndIsWrittenAsAnEmptyObject(
      Class<? extends CustomResource<?, ?>> kind) throws Exception {
    Object status = initStatus(kind);
    assertThat(status).isNotNull();
    for (RecordComponent c : status.getClass().getRecordComponents()) {
      if (List.class.isAssignableFrom(c.getType())) {
        assertThat(c.getAccessor().invoke(status)).as(c.getName()).isEqualTo(List.of());
      }
    }
    JsonNode written = Serialization.jsonMapper().valueToTree(status);
    assertThat(written.isEmpty()).as("written as %s", written).isTrue();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void explicitNullListsReadAsEmpty(Class<? extends CustomResource<?, ?>> kind) throws Exception {
    Class<?> type = initStatus(kind).getClass();
    StringBuilder nulls = new StringBuilder();
    for (RecordComponent c : type.getRecordComponents()) {
      if (List.class.isAssignableFrom(c.getType())) {
        nulls.append(nulls.isEmpty() ? "" : ",").append('"').append(c.getName()).append("\":null");
      }
    }
    Object status = read(kind, ",\"status\":{" + nulls + "}").getStatus();
    assertThat(status).isEqualTo(initStatus(kind));
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aConditionSurvivesTheRoundTrip(Class<? extends CustomResource<?, ?>> kind) throws Exception {
    String condition =
        "{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"R\",\"message\":\"m\","
            + "\"lastTransitionTime\":\"2026-12-01T00:00:00Z\",\"observedGeneration\":1}";
    CustomResource<?, ?> typed =
        read(kind, ",\"status\":{\"observedGeneration\":1,\"conditions\":[" + condition + "]}");
    // Written as text and read again, as the API server would: numbers compare by value.
    JsonNode back =
        Serialization.jsonMapper()
            .readTree(Serialization.jsonMapper().writeValueAsString(typed.getStatus()));
    assertThat(back)
        .isEqualTo(
            Serialization.jsonMapper()
                .readTree("{\"observedGeneration\":1,\"conditions\":[" + condition + "]}"));
  }
}
