package dev.rgmanager.operator.reconciler.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.operator.core.DependMode;
import dev.rgmanager.operator.core.ServiceFacts;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.dependMode reaches the core, hard when unset; every API mode has its core namesake. */
class DependModeMappingTest {
  private static ServiceFacts facts(String modeLine) {
    ClusterService s =
        Serialization.unmarshal(
            """
            apiVersion: rgmanager.dev/v1alpha1
            kind: ClusterService
            metadata: {name: web, namespace: ha}
            spec:
              depend: db
              MODE
              resources: [{name: ip, ip: {ports: [{port: 80}]}}]
            """
                .replace("MODE", modeLine),
            ClusterService.class);
    return CoreMapping.service(s, Map.of());
  }

  @Test
  void theModeIsMappedAndHardWhenUnset() {
    assertThat(facts("dependMode: soft").dependMode()).isEqualTo(DependMode.SOFT);
    assertThat(facts("dependMode: hard").dependMode()).isEqualTo(DependMode.HARD);
    assertThat(facts("").dependMode()).isEqualTo(DependMode.HARD);
    assertThat(facts("").depend()).isEqualTo("ha/db");
  }

  @Test
  void everyApiModeMapsOntoItsNamesake() {
    EnumSet<DependMode> reached = EnumSet.noneOf(DependMode.class);
    for (var api : dev.rgmanager.api.v1alpha1.DependMode.values()) {
      DependMode core = CoreMapping.dependMode(api);
      assertThat(core.name()).isEqualTo(api.name());
      reached.add(core);
    }
    assertThat(reached).isEqualTo(EnumSet.allOf(DependMode.class));
  }
}
