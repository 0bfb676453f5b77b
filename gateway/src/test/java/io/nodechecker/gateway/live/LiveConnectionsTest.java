package io.nodechecker.gateway.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveConnectionsTest {

    @Test
    void readsTheHostOfASocketAddress() {
        assertThat(LiveConnections.host("127.0.0.1:41234")).isEqualTo("127.0.0.1");
        assertThat(LiveConnections.host("[::1]:41234")).isEqualTo("::1");
        assertThat(LiveConnections.host("10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(LiveConnections.host(null)).isEqualTo("unknown");
    }

    @Test
    void countsEachAddressOnItsOwnUpToTheCap() {
        LiveConnections connections = new LiveConnections(2);

        assertThat(connections.opened("10.0.0.1")).isTrue();
        assertThat(connections.opened("10.0.0.1")).isTrue();
        assertThat(connections.hasRoom("10.0.0.1")).isFalse();
        assertThat(connections.hasRoom("10.0.0.2")).isTrue();
        // Racing upgrades past the filter: the third open is refused, and counted until it closes.
        assertThat(connections.opened("10.0.0.1")).isFalse();
        connections.closed("10.0.0.1");
        connections.closed("10.0.0.1");
        assertThat(connections.hasRoom("10.0.0.1")).isTrue();
        connections.closed("10.0.0.1");
        connections.closed("10.0.0.1"); // one close too many changes nothing
        assertThat(connections.opened("10.0.0.1")).isTrue();
    }
}
