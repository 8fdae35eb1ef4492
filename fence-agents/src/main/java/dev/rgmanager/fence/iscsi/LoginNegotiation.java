package dev.rgmanager.fence.iscsi;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.Secret;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The login phase: security negotiation (none or CHAP), then operational parameters, then full
 * feature phase (RFC 7143 §6). Stages: 0 security, 1 operational, 3 full feature.
 */
final class LoginNegotiation {
  private static final int SECURITY = 0;
  private static final int OPERATIONAL = 1;
  private static final int FULL_FEATURE = 3;
  private static final int MAX_ROUNDS = 8;

  private final IscsiSession session;
  private final Secret chapSecret;
  private final int tag;
  private Map<String, String> answer;
  private boolean transit;
  private int nextStage;

  LoginNegotiation(IscsiSession session, Secret chapSecret) {
    this.session = session;
    this.chapSecret = chapSecret;
    this.tag = session.nextTag();
  }

  void run() throws IOException, FenceException {
    IscsiTarget t = session.target();
    boolean chap = t.chapUser() != null && !t.chapUser().isEmpty();
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("InitiatorName", t.initiatorName());
    keys.put("SessionType", "Normal");
    keys.put("TargetName", t.targetName());
    keys.put("AuthMethod", chap ? "CHAP" : "None");
    exchange(SECURITY, OPERATIONAL, !chap, keys);
    if (chap) {
      chap(t);
    }
    for (int i = 0; i < MAX_ROUNDS && !(transit && nextStage == OPERATIONAL); i++) {
      exchange(SECURITY, OPERATIONAL, true, Map.of());
    }
    Map<String, String> operational = new LinkedHashMap<>();
    operational.put("HeaderDigest", "None");
    operational.put("DataDigest", "None");
    operational.put("MaxConnections", "1");
    operational.put("InitialR2T", "Yes");
    operational.put("ImmediateData", "Yes");
    operational.put("MaxRecvDataSegmentLength", "262144");
    operational.put("MaxBurstLength", "262144");
    operational.put("FirstBurstLength", "65536");
    operational.put("DefaultTime2Wait", "0");
    operational.put("DefaultTime2Retain", "0");
    operational.put("MaxOutstandingR2T", "1");
    operational.put("DataPDUInOrder", "Yes");
    operational.put("DataSequenceInOrder", "Yes");
    operational.put("ErrorRecoveryLevel", "0");
    session.parameters().immediateData = true;
    exchange(OPERATIONAL, FULL_FEATURE, true, operational);
    for (int i = 0; i < MAX_ROUNDS && !(transit && nextStage == FULL_FEATURE); i++) {
      exchange(OPERATIONAL, FULL_FEATURE, true, Map.of());
    }
    if (!(transit && nextStage == FULL_FEATURE)) {
      throw new FenceException("iSCSI target " + t + " did not complete the login");
    }
  }

  private void chap(IscsiTarget t) throws IOException, FenceException {
    if (!"CHAP".equals(answer.get("AuthMethod"))) {
      throw new FenceException("iSCSI target " + t + " does not accept CHAP");
    }
    exchange(SECURITY, OPERATIONAL, false, Map.of("CHAP_A", "5"));
    String id = answer.get("CHAP_I");
    String challenge = answer.get("CHAP_C");
    if (id == null || challenge == null || !"5".equals(answer.get("CHAP_A"))) {
      throw new FenceException("iSCSI target " + t + " did not offer CHAP with MD5");
    }
    Map<String, String> response = new LinkedHashMap<>();
    response.put("CHAP_N", t.chapUser());
    response.put("CHAP_R", Chap.response(id, chapSecret, challenge));
    exchange(SECURITY, OPERATIONAL, true, response);
  }

  private void exchange(int stage, int next, boolean wantTransit, Map<String, String> keys)
      throws IOException, FenceException {
    int flags = (wantTransit ? 0x80 : 0) | stage << 2 | (wantTransit ? next : 0);
    Pdu request =
        Pdu.of(Pdu.LOGIN_REQUEST | Pdu.IMMEDIATE, TextKeys.encode(keys))
            .put8(1, flags)
            .putBytes(8, session.isid())
            .put32(16, tag)
            .put32(24, session.cmdSn())
            .put32(28, session.expStatSn());
    session.send(request);
    Pdu response = session.receive();
    if (response.opcode() != Pdu.LOGIN_RESPONSE) {
      throw new FenceException(
          "iSCSI target " + session.target() + " answered the login with another PDU");
    }
    int statusClass = response.u8(36);
    int detail = response.u8(37);
    if (statusClass != 0) {
      throw new FenceException(
          "iSCSI login to " + session.target() + " refused: " + loginStatus(statusClass, detail));
    }
    session.statusReceived(response, 24);
    session.expectedCmdSn(response.u32(28));
    answer = TextKeys.decode(response.data);
    transit = (response.flags() & 0x80) != 0;
    nextStage = response.flags() & 0x03;
    if (stage == OPERATIONAL) {
      session.parameters().apply(answer);
    }
  }

  private static String loginStatus(int statusClass, int detail) {
    if (statusClass == 2) {
      switch (detail) {
        case 1:
          return "authentication failed";
        case 2:
          return "initiator not authorized for this target";
        case 3:
          return "target not found";
        default:
          return "initiator error 0x02" + String.format("%02x", detail);
      }
    }
    return String.format("status class %d detail 0x%02x", statusClass, detail);
  }
}
