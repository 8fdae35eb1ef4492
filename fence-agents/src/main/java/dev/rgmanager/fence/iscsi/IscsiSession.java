package dev.rgmanager.fence.iscsi;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.Secret;
import dev.rgmanager.fence.scsi.ScsiCommandChannel;
import dev.rgmanager.fence.scsi.ScsiResult;
import dev.rgmanager.fence.scsi.SenseData;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A userspace iSCSI initiator session with one target over one TCP connection: login (no
 * authentication or CHAP), SCSI commands with Data-In, immediate data and R2T/Data-Out, logout. Its
 * I_T nexus is what a target attaches persistent-reservation registrations to.
 */
public final class IscsiSession implements ScsiCommandChannel {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NO_TAG = 0xffffffff;

  private final IscsiTarget target;
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final byte[] isid = new byte[6];
  private final SessionParameters parameters = new SessionParameters();
  private int cmdSn = 1;
  private int expStatSn;
  private int nextTag = 1;
  private boolean loggedIn;

  private IscsiSession(IscsiTarget target, Socket socket) throws IOException {
    this.target = target;
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
    RANDOM.nextBytes(isid);
    isid[0] = (byte) 0x80; // ISID type "random" (RFC 7143 §11.12.5).
  }

  static IscsiSession login(IscsiTarget target, Secret chapSecret) throws FenceException {
    Socket socket = new Socket();
    try {
      int millis = (int) target.timeout().toMillis();
      socket.connect(new InetSocketAddress(target.host(), target.port()), millis);
      socket.setSoTimeout(millis);
      socket.setTcpNoDelay(true);
      IscsiSession session = new IscsiSession(target, socket);
      new LoginNegotiation(session, chapSecret).run();
      session.loggedIn = true;
      return session;
    } catch (IOException e) {
      closeQuietly(socket);
      throw new FenceException("cannot log in to iSCSI target " + target + ": " + describe(e));
    } catch (FenceException | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  IscsiTarget target() {
    return target;
  }

  byte[] isid() {
    return isid.clone();
  }

  SessionParameters parameters() {
    return parameters;
  }

  int cmdSn() {
    return cmdSn;
  }

  void statusReceived(Pdu pdu, int statSnAt) {
    expStatSn = pdu.u32(statSnAt) + 1;
  }

  int expStatSn() {
    return expStatSn;
  }

  void expectedCmdSn(int value) {
    cmdSn = value;
  }

  int nextTag() {
    return nextTag++;
  }

  void send(Pdu pdu) throws IOException {
    pdu.write(out);
  }

  Pdu receive() throws IOException {
    return Pdu.read(in);
  }

  /** The initiator port name targets key registrations by: name plus ISID. */
  public String initiatorPort() {
    return target.initiatorName() + ",i,0x" + java.util.HexFormat.of().formatHex(isid);
  }

  @Override
  public ScsiResult execute(byte[] cdb, byte[] dataOut, int dataInLength) throws FenceException {
    try {
      return exchange(cdb, dataOut, dataInLength);
    } catch (IOException e) {
      throw new FenceException("iSCSI I/O with " + target + " failed: " + describe(e));
    }
  }

  private ScsiResult exchange(byte[] cdb, byte[] dataOut, int dataInLength) throws IOException {
    int tag = nextTag();
    int immediate =
        parameters.immediateData
            ? Math.min(dataOut.length, Math.min(parameters.firstBurst, parameters.targetMaxRecv))
            : 0;
    int flags = 0x80 | 0x01; // Final, task attribute SIMPLE.
    if (dataInLength > 0) {
      flags |= 0x40;
    }
    if (dataOut.length > 0) {
      flags |= 0x20;
    }
    Pdu command =
        Pdu.of(Pdu.SCSI_COMMAND, Arrays.copyOf(dataOut, immediate))
            .put8(1, flags)
            .putBytes(8, lun(target.lun()))
            .put32(16, tag)
            .put32(20, dataOut.length > 0 ? dataOut.length : dataInLength)
            .put32(24, cmdSn++)
            .put32(28, expStatSn)
            .putBytes(32, Arrays.copyOf(cdb, 16));
    send(command);
    byte[] dataIn = new byte[dataInLength];
    int received = 0;
    while (true) {
      Pdu p = receive();
      switch (p.opcode()) {
        case Pdu.DATA_IN:
          if (p.u32(16) != tag) {
            continue;
          }
          int offset = p.u32(40);
          int n = Math.max(0, Math.min(p.data.length, dataInLength - offset));
          System.arraycopy(p.data, 0, dataIn, offset, n);
          received = Math.max(received, offset + n);
          if ((p.flags() & 0x01) != 0) {
            statusReceived(p, 24);
            return new ScsiResult(p.u8(3), null, Arrays.copyOf(dataIn, received));
          }
          break;
        case Pdu.SCSI_RESPONSE:
          if (p.u32(16) != tag) {
            continue;
          }
          statusReceived(p, 24);
          if (p.u8(2) != 0) {
            throw new IOException(
                "target failure (iSCSI response 0x" + Integer.toHexString(p.u8(2)) + ")");
          }
          byte[] sense = new byte[0];
          if (p.data.length >= 2) {
            int senseLength = (p.data[0] & 0xff) << 8 | (p.data[1] & 0xff);
            sense = Arrays.copyOfRange(p.data, 2, Math.min(p.data.length, 2 + senseLength));
          }
          return new ScsiResult(p.u8(3), SenseData.parse(sense), Arrays.copyOf(dataIn, received));
        case Pdu.R2T:
          sendData(p, tag, dataOut);
          break;
        case Pdu.NOP_IN:
          answerNop(p);
          break;
        case Pdu.ASYNC_MESSAGE:
          statusReceived(p, 24);
          break;
        case Pdu.REJECT:
          throw new IOException(
              "the target rejected a PDU (reason 0x" + Integer.toHexString(p.u8(2)) + ")");
        default:
          throw new IOException("unexpected PDU opcode 0x" + Integer.toHexString(p.opcode()));
      }
    }
  }

  /** Answers an R2T: Data-Out PDUs no larger than the target accepts. */
  private void sendData(Pdu r2t, int tag, byte[] dataOut) throws IOException {
    int ttt = r2t.u32(20);
    int offset = r2t.u32(40);
    int length = r2t.u32(44);
    int dataSn = 0;
    int end = Math.min(dataOut.length, offset + length);
    while (offset < end) {
      int n = Math.min(parameters.targetMaxRecv, end - offset);
      boolean last = offset + n >= end;
      send(
          Pdu.of(Pdu.DATA_OUT, Arrays.copyOfRange(dataOut, offset, offset + n))
              .put8(1, last ? 0x80 : 0)
              .putBytes(8, lun(target.lun()))
              .put32(16, tag)
              .put32(20, ttt)
              .put32(28, expStatSn)
              .put32(36, dataSn++)
              .put32(40, offset));
      offset += n;
    }
  }

  private void answerNop(Pdu nopIn) throws IOException {
    if (nopIn.u32(16) != NO_TAG) {
      statusReceived(nopIn, 24);
    }
    if (nopIn.u32(20) == NO_TAG) {
      return; // Not a ping that wants an answer.
    }
    send(
        Pdu.of(Pdu.NOP_OUT | Pdu.IMMEDIATE, nopIn.data)
            .put8(1, 0x80)
            .putBytes(8, Arrays.copyOfRange(nopIn.header, 8, 16))
            .put32(16, NO_TAG)
            .put32(20, nopIn.u32(20))
            .put32(24, cmdSn)
            .put32(28, expStatSn));
  }

  /** Single-level LUN addressing (SAM-5): peripheral for < 256, flat space above. */
  static byte[] lun(int lun) {
    byte[] b = new byte[8];
    if (lun < 256) {
      b[1] = (byte) lun;
    } else {
      b[0] = (byte) (0x40 | (lun >> 8));
      b[1] = (byte) lun;
    }
    return b;
  }

  /** Logs out (best effort) and closes the connection. */
  @Override
  public void close() {
    try {
      if (loggedIn && !socket.isClosed()) {
        socket.setSoTimeout(2000);
        int tag = nextTag();
        send(
            Pdu.of(Pdu.LOGOUT_REQUEST | Pdu.IMMEDIATE, new byte[0])
                .put8(1, 0x80)
                .put32(16, tag)
                .put32(24, cmdSn)
                .put32(28, expStatSn));
        for (int i = 0; i < 8; i++) {
          Pdu p = receive();
          if (p.opcode() == Pdu.LOGOUT_RESPONSE) {
            break;
          }
        }
      }
    } catch (IOException e) {
      // The connection closes either way; the target cleans up the session.
    } finally {
      loggedIn = false;
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "no answer within the timeout";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
