package io.nodechecker.gateway.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveConnectionsTest {

    @Test
    void countsEachAddressOnItsOwnUpToTheCap() {
        LiveConnections connections = new LiveConnections(2);

        assertThat(connections.take("10.0.0.1")).isTrue();
        assertThat(connections.take("10.0.0.1")).isTrue();
        assertThat(connections.take("10.0.0.1")).isFalse();
        assertThat(connections.take("10.0.0.2")).isTrue();
        connections.release("10.0.0.1");
        assertThat(connections.take("10.0.0.1")).isTrue();
        connections.release("10.0.0.1");
        connections.release("10.0.0.1");
        connections.release("10.0.0.1"); // one release too many changes nothing
        assertThat(connections.take("10.0.0.1")).isTrue();
        assertThat(connections.take("10.0.0.1")).isTrue();
        assertThat(connections.take("10.0.0.1")).isFalse();
    }
}
