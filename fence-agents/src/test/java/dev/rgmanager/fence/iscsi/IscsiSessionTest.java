package dev.rgmanager.fence.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.Secret;
import dev.rgmanager.fence.scsi.ScsiResult;
import dev.rgmanager.fence.testing.TgtdPeer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our iSCSI initiator against tgtd: login, Data-In, writes with data, sense data, CHAP. */
class IscsiSessionTest {
  private static TgtdPeer tgtd;

  @BeforeAll
  static void start() throws Exception {
    tgtd = TgtdPeer.start();
  }

  @AfterAll
  static void stop() {
    if (tgtd != null) {
      tgtd.close();
    }
  }

  private static IscsiTarget target(String initiator) {
    return IscsiTarget.of("127.0.0.1", tgtd.port(), TgtdPeer.TARGET, 1, initiator);
  }

  @Test
  void readCapacityReturnsTheLunSize() throws Exception {
    try (IscsiSession s = target("iqn.2024-01.test:a").login(Secret.none())) {
      byte[] cdb = new byte[10];
      cdb[0] = 0x25;
      ScsiResult r = s.execute(cdb, new byte[0], 8);
      if (r.unitAttention()) {
        r = s.execute(cdb, new byte[0], 8);
      }
      assertThat(r.good()).as(r.describe()).isTrue();
      ByteBuffer b = ByteBuffer.wrap(r.data());
      long blocks = (b.getInt(0) & 0xffffffffL) + 1;
      assertThat(blocks * b.getInt(4)).isEqualTo(16L << 20);
    }
  }

  @Test
  void writtenDataReadsBack() throws Exception {
    try (IscsiSession s = target("iqn.2024-01.test:b").login(Secret.none())) {
      byte[] block = new byte[512];
      Arrays.fill(block, (byte) 0x5a);
      ScsiResult w = ScsiIo.write(s, 7, block);
      assertThat(w.good()).as(w.describe()).isTrue();
      ScsiResult r = ScsiIo.read(s, 7);
      assertThat(r.data()).isEqualTo(block);
    }
  }

  @Test
  void largeWriteUsesR2tAndDataOut() throws Exception {
    try (IscsiSession s = target("iqn.2024-01.test:c").login(Secret.none())) {
      byte[] data = new byte[256 * 1024];
      new java.util.Random(1).nextBytes(data);
      ScsiResult w = ScsiIo.write(s, 100, data);
      assertThat(w.good()).as(w.describe()).isTrue();
      assertThat(ScsiIo.read(s, 100, data.length / 512).data()).isEqualTo(data);
    }
  }

  @Test
  void illegalRequestCarriesSenseData() throws Exception {
    try (IscsiSession s = target("iqn.2024-01.test:d").login(Secret.none())) {
      byte[] cdb = new byte[6];
      cdb[0] = (byte) 0xC7; // vendor-specific opcode tgtd does not know
      ScsiResult r = s.execute(cdb, new byte[0], 0);
      if (r.unitAttention()) {
        r = s.execute(cdb, new byte[0], 0);
      }
      assertThat(r.illegalRequest()).as(r.describe()).isTrue();
      assertThat(r.describe()).contains("ILLEGAL REQUEST 20/00");
    }
  }

  @Test
  void unknownTargetIsRefusedAtLogin() {
    IscsiTarget wrong =
        IscsiTarget.of("127.0.0.1", tgtd.port(), "iqn.2024-01.test:none", 1, "iqn.x:y");
    assertThatThrownBy(() -> wrong.login(Secret.none()))
        .isInstanceOf(FenceException.class)
        .hasMessageContaining("target not found");
  }

  @Test
  void chapLoginWithTheRightSecretOnly() throws Exception {
    tgtd.requireChap("fencer", "chap-secret-123");
    try {
      IscsiTarget chap =
          new IscsiTarget(
              "127.0.0.1",
              tgtd.port(),
              TgtdPeer.TARGET,
              1,
              "iqn.2024-01.test:chap",
              "fencer",
              java.time.Duration.ofSeconds(5));
      try (IscsiSession s = chap.login(Secret.of("chap-secret-123"))) {
        assertThat(ScsiIo.read(s, 0).status()).isIn(0, 2);
      }
      assertThatThrownBy(() -> chap.login(Secret.of("wrong-chap-secret")))
          .hasMessageContaining("authentication failed")
          .hasMessageNotContaining("wrong-chap-secret");
      assertThatThrownBy(() -> target("iqn.2024-01.test:nochap").login(Secret.none()))
          .isInstanceOf(FenceException.class);
    } finally {
      tgtd.dropChap("fencer");
    }
  }
}
