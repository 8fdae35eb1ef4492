package dev.rgmanager.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only the commands that talk to the cluster have the client readied while picocli parses. */
class ClusterStatusCommandTest {
  @Test
  void theViewAndTheOperationsTalkToTheClusterTheOfflineToolsDoNot() {
    assertThat(ClusterStatusCommand.talksToTheCluster(new String[] {})).isTrue();
    assertThat(ClusterStatusCommand.talksToTheCluster(new String[] {"-o", "json", "-i", "2"}))
        .isTrue();
    assertThat(ClusterStatusCommand.talksToTheCluster(new String[] {"freeze", "web"})).isTrue();
    assertThat(ClusterStatusCommand.talksToTheCluster(new String[] {"fence-ack", "node-1"}))
        .isTrue();

    assertThat(ClusterStatusCommand.talksToTheCluster(new String[] {"validate", "-f", "x"}))
        .isFalse();
    assertThat(ClusterStatusCommand.talksToTheCluster(new String[] {"import", "c.conf"})).isFalse();
    assertThat(ClusterStatusCommand.talksToTheCluster(new String[] {"simulate", "-f", "x"}))
        .isFalse();
    assertThat(ClusterStatusCommand.talksToTheCluster(new String[] {"--help"})).isFalse();
    assertThat(ClusterStatusCommand.talksToTheCluster(new String[] {"relocate", "-h"})).isFalse();
    assertThat(ClusterStatusCommand.talksToTheCluster(new String[] {"--version"})).isFalse();
  }
}
