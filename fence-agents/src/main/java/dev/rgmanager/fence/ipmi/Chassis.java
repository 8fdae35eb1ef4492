package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.PowerState;

/** The IPMI chassis commands a fence agent needs: power status and power control. */
final class Chassis {
  private static final int NETFN_CHASSIS = 0x00;
  private static final int GET_CHASSIS_STATUS = 0x01;
  private static final int CHASSIS_CONTROL = 0x02;

  /** Chassis control operations (IPMI v2.0 table 28-4). */
  enum Control {
    POWER_DOWN(0),
    POWER_UP(1),
    POWER_CYCLE(2);

    final int code;

    Control(int code) {
      this.code = code;
    }
  }

  private final IpmiSession session;

  Chassis(IpmiSession session) {
    this.session = session;
  }

  PowerState power() throws FenceException {
    byte[] data =
        session.command(NETFN_CHASSIS, GET_CHASSIS_STATUS, new byte[0], "Get Chassis Status");
    if (data.length < 1) {
      throw new FenceException("Get Chassis Status returned no data");
    }
    return (data[0] & 0x01) != 0 ? PowerState.ON : PowerState.OFF;
  }

  void control(Control control) throws FenceException {
    session.command(
        NETFN_CHASSIS,
        CHASSIS_CONTROL,
        new byte[] {(byte) control.code},
        "Set Chassis Power Control to " + control.name().toLowerCase().replace('_', ' '));
  }
}
