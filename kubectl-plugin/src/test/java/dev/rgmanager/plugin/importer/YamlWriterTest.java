package dev.rgmanager.plugin.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the import writes reads back as the same strings, whatever cluster.conf held. */
class YamlWriterTest {
  private static final List<String> TRICKY =
      List.of(
          "yes",
          "on",
          "y",
          "No",
          "null",
          "~",
          "1",
          "0x10",
          "1e3",
          "10.9.0.2",
          "a: b",
          "#x",
          "- x",
          "[a]",
          "{a}",
          "*ref",
          "&a",
          "!tag",
          "'q'",
          "\"dq\"",
          "back\\slash",
          "multi\nline",
          "tab\tx",
          "",
          " lead",
          "trail ",
          "ümlaut",
          "%x",
          "@x",
          "`x`",
          "10s",
          "/dev/sdb");

  @Test
  void trickyKeysAndValuesReadBackUnchanged() throws Exception {
    YamlMap root = new YamlMap();
    List<Object> list = new ArrayList<>();
    YamlMap keyed = new YamlMap();
    for (String text : TRICKY) {
      list.add(text);
      if (!text.isEmpty()) {
        keyed.put(text, text);
      }
    }
    root.put("list", list).put("map", keyed).comment("list", "a comment with: colon # and hash");

    String yaml = YamlWriter.document(List.of("header"), root);
    JsonNode back = new ObjectMapper(new YAMLFactory()).readTree(yaml);

    for (int i = 0; i < TRICKY.size(); i++) {
      assertThat(back.path("list").get(i).isTextual()).as(TRICKY.get(i)).isTrue();
      assertThat(back.path("list").get(i).asText()).isEqualTo(TRICKY.get(i));
    }
    for (String text : TRICKY) {
      if (!text.isEmpty()) {
        assertThat(back.path("map").path(text).asText()).as(text).isEqualTo(text);
      }
    }
  }
}
