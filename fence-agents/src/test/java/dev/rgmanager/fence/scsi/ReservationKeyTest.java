package dev.rgmanager.fence.scsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Keys derived exactly as fence_scsi derives them (values computed with Python's hashlib). */
class ReservationKeyTest {
  @Test
  void nodeIdFormIsMd5PrefixOfClusterThenFourDecimalDigits() throws Exception {
    assertThat(ReservationKey.forNodeId("alpha", 2)).isEqualTo(0x2c170002L);
    assertThat(ReservationKey.fencer("alpha")).isEqualTo(0x2c170000L);
  }

  @Test
  void hashFormUsesMd5PrefixOfNodeName() throws Exception {
    assertThat(ReservationKey.forNodeName("alpha", "node-b")).isEqualTo(0x2c1726f7L);
  }

  @Test
  void parsesAndFormatsAsSgPersistDoes() throws Exception {
    assertThat(ReservationKey.parse("0x2C170002")).isEqualTo(0x2c170002L);
    assertThat(ReservationKey.format(0x2c170002L)).isEqualTo("0x2c170002");
    assertThatThrownBy(() -> ReservationKey.parse("0")).hasMessageContaining("key 0");
    assertThatThrownBy(() -> ReservationKey.parse("xyz")).hasMessageContaining("not a reservation");
  }
}
