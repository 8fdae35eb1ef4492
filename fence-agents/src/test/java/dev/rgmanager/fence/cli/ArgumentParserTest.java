package dev.rgmanager.fence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rgmanager.fence.Action;
import dev.rgmanager.fence.ipmi.IpmiLanDescription;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing stdin lines and options into canonical parameter names. */
class ArgumentParserTest {
  private final ArgumentParser parser = new ArgumentParser(IpmiLanDescription.get());

  private ArgumentParser.Parsed stdin(String text) throws Exception {
    return parser.parse(
        new String[0], new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void stdinAliasesFoldIntoCanonicalNames() throws Exception {
    var p = stdin("ipaddr=10.0.0.1\nlogin=admin\npasswd=pw\nport=3\noption=off\n\n# c\n");
    assertThat(p.values())
        .containsEntry("ip", "10.0.0.1")
        .containsEntry("username", "admin")
        .containsEntry("password", "pw")
        .containsEntry("plug", "3")
        .containsEntry("action", "off");
  }

  @Test
  void valuesKeepEqualsSignsAndSurroundingSpaceIsTrimmed() throws Exception {
    assertThat(stdin("  password = a=b  \n").values()).containsEntry("password", "a=b");
  }

  @Test
  void optionsInEveryForm() throws Exception {
    var p =
        parser.parse(
            new String[] {"--ip=h", "--power-wait", "3", "-l", "u", "--lanplus", "-o", "status"},
            new ByteArrayInputStream(new byte[0]));
    assertThat(p.values())
        .containsEntry("ip", "h")
        .containsEntry("power_wait", "3")
        .containsEntry("username", "u")
        .containsEntry("lanplus", "1")
        .containsEntry("action", "status");
  }

  @Test
  void unknownOptionAndMissingValueFail() {
    assertThatThrownBy(() -> parser.parse(new String[] {"--bogus=1"}, null))
        .hasMessageContaining("unrecognized option '--bogus'");
    assertThatThrownBy(() -> parser.parse(new String[] {"--ip"}, null))
        .hasMessageContaining("needs a value");
  }

  @Test
  void actionsAsPacemakerSpellsThem() throws Exception {
    assertThat(Action.parse("validate-all")).isEqualTo(Action.VALIDATE_ALL);
    assertThat(Action.parse("disable")).isEqualTo(Action.OFF);
    assertThat(Action.parse("list-status")).isEqualTo(Action.LIST);
    assertThatThrownBy(() -> Action.parse("explode")).hasMessageContaining("unknown action");
  }
}
