package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A member that cannot start says why without saying its secrets. Infinispan prints the JGroups stack
 * when the channel fails; the stack holds no key material, and every process log of every stack in the
 * suite is read for the secrets it was given when the stack closes ({@link TestStack#close()}).
 */
class SecretsInLogsIT {

    @Test
    void aGatewayWhoseClusterPortIsTakenDiesSayingWhyAndNoSecret() throws Exception {
        TestStack stack = new TestStack(2);
        try (stack) {
            stack.startGateway();
            assertThatThrownBy(() -> stack.startGateway("nodechecker.gateway.cluster.bind-port=" + stack.clusterPort(0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("died at start")
                    .hasMessageContaining("No available port to bind to");
        }
        // close() has read both logs: the dead gateway's and the live one's
        assertThat(stack.workDir().resolve("gateway-1.log")).content().contains("JGroups");
    }
}
