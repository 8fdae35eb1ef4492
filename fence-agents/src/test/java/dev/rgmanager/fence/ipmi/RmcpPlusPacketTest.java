package dev.rgmanager.fence.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Sealing and opening RMCP+ packets: round trip, tampering detected, IPMI checksums. */
class RmcpPlusPacketTest {
  private final SessionKeys keys = new SessionKeys(CipherSuite.SUITE_3, new byte[20]);

  @Test
  void sealedPacketOpensWithTheSameKeys() {
    byte[] message = IpmiMessage.request(0x00, 0x01, 5, new byte[0]);
    byte[] packet = RmcpPlusPacket.sealed(keys, 0x1234, 7, message);
    RmcpPlusPacket.Inbound in = RmcpPlusPacket.decode(packet, packet.length, keys);
    assertThat(in).isNotNull();
    assertThat(in.sessionId()).isEqualTo(0x1234);
    assertThat(in.sequence()).isEqualTo(7);
    assertThat(in.payload()).isEqualTo(message);
    // authType through next header is a multiple of four, as the integrity pad guarantees.
    assertThat((packet.length - 4 - 12) % 4).isZero();
  }

  @Test
  void tamperedOrForeignPacketsAreIgnored() {
    byte[] packet = RmcpPlusPacket.sealed(keys, 1, 1, new byte[] {1, 2, 3});
    byte[] tampered = packet.clone();
    tampered[20] ^= 1;
    assertThat(RmcpPlusPacket.decode(tampered, tampered.length, keys)).isNull();
    SessionKeys other = new SessionKeys(CipherSuite.SUITE_3, new byte[] {9});
    assertThat(RmcpPlusPacket.decode(packet, packet.length, other)).isNull();
    assertThat(RmcpPlusPacket.decode(packet, packet.length, null)).isNull();
  }

  @Test
  void inASessionAPacketMustBeSignedAndEncrypted() {
    byte[] message = IpmiMessage.request(0x00, 0x01, 5, new byte[0]);
    assertThat(RmcpPlusPacket.decode(signedOnly(message), signedOnly(message).length, keys))
        .isNull();
    byte[] plain = RmcpPlusPacket.plain(RmcpPlusPacket.IPMI, message);
    assertThat(RmcpPlusPacket.decode(plain, plain.length, keys)).isNull();
    // Before the session (RAKP), plain packets are the rule.
    assertThat(RmcpPlusPacket.decode(plain, plain.length, null)).isNotNull();
  }

  /** Header, plain payload, integrity pad and a valid AuthCode: signed but not encrypted. */
  private byte[] signedOnly(byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x06, 0x00, (byte) 0xff, 0x07, 0x06, 0x40});
    RmcpPlusPacket.writeInt(out, 1);
    RmcpPlusPacket.writeInt(out, 1);
    out.write(message.length);
    out.write(0);
    out.writeBytes(message);
    int pad = (4 - (12 + message.length + 2) % 4) % 4;
    for (int i = 0; i < pad; i++) {
      out.write(0xff);
    }
    out.write(pad);
    out.write(0x07);
    byte[] signed = out.toByteArray();
    out.writeBytes(keys.integrity(signed, 4, signed.length - 4));
    return out.toByteArray();
  }

  @Test
  void aResponseAnswersOnlyItsOwnNetFnCommandAndRqSeq() {
    byte[] response = {(byte) 0x81, 0x04, 0x7b, 0x20, 0x14, 0x01, 0x00, 0x01, 0x00};
    response[response.length - 1] = checksum(response, 3, response.length - 1);
    IpmiMessage.Response r = IpmiMessage.parse(response);
    assertThat(r.answers(0x00, 0x01, 5)).isTrue();
    assertThat(r.answers(0x06, 0x01, 5)).as("other net function").isFalse();
    assertThat(r.answers(0x00, 0x02, 5)).as("other command").isFalse();
    assertThat(r.answers(0x00, 0x01, 6)).as("other rqSeq").isFalse();
    byte[] toSomeoneElse = response.clone();
    toSomeoneElse[0] = (byte) 0x83;
    toSomeoneElse[2] = (byte) -(0x83 + 0x04);
    assertThat(IpmiMessage.parse(toSomeoneElse)).isNull();
  }

  @Test
  void encryptionPadsToTheAesBlockAndRoundTrips() throws Exception {
    for (int n = 0; n < 40; n++) {
      byte[] plain = new byte[n];
      byte[] sealed = keys.encrypt(plain);
      assertThat(sealed.length % 16).isZero();
      assertThat(keys.decrypt(sealed)).isEqualTo(plain);
    }
  }

  @Test
  void ipmiMessageChecksumsAreVerified() {
    byte[] response = {(byte) 0x81, 0x04, 0x7b, 0x20, 0x14, 0x01, 0x00, 0x01, 0x00};
    response[response.length - 1] = checksum(response, 3, response.length - 1);
    IpmiMessage.Response r = IpmiMessage.parse(response);
    assertThat(r).isNotNull();
    assertThat(r.sequence()).isEqualTo(5);
    assertThat(r.completionCode()).isZero();
    assertThat(r.data()).containsExactly(0x01);
    response[7] = 0;
    assertThat(IpmiMessage.parse(response)).isNull();
  }

  private static byte checksum(byte[] b, int from, int to) {
    int sum = 0;
    for (int i = from; i < to; i++) {
      sum += b[i] & 0xff;
    }
    return (byte) -sum;
  }
}
