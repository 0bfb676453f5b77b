package io.nodechecker.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A member is alone by configuration only when every initial host it contacts is itself. */
class AloneTest {

    private static TestSettings.Settings settings(String stack, int port, String hosts) {
        return new TestSettings.Settings("alone-test", stack, "127.0.0.1", port, 0, hosts, "", java.util.Optional.empty(),
                java.util.Optional.empty(), 6000, java.time.Duration.ofSeconds(10), TestSettings.Storage.DEFAULTS);
    }

    @Test
    void onlyItselfInTheInitialHostsIsAlone() {
        assertThat(ClusterNode.alone(settings("tcp", 7800, "127.0.0.1[7800]"))).isTrue();
        assertThat(ClusterNode.alone(settings("tcp", 7800, "127.0.0.1[7800], 127.0.0.1[7800]"))).isTrue();
    }

    @Test
    void anyOtherMemberOrDiscoveryByDnsIsNot() {
        assertThat(ClusterNode.alone(settings("tcp", 7800, "127.0.0.1[7800],127.0.0.1[7801]"))).isFalse();
        assertThat(ClusterNode.alone(settings("tcp", 7800, "127.0.0.2[7800]"))).isFalse();
        assertThat(ClusterNode.alone(settings("kubernetes", 7800, "127.0.0.1[7800]"))).isFalse();
    }
}
