package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A member's secrets: one that cannot start says why without saying them (Infinispan prints the JGroups stack
 * when the channel fails; the stack holds no key material, and every process log of every stack in the suite is
 * read for the secrets it was given when the stack closes, {@link TestStack#close()}); one without them does not
 * start; one with the wrong cluster secret cannot join.
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

    @Test
    void aRunnerWithoutItsSecretsStopsWithOneSentenceAndNoStackTrace() throws Exception {
        try (TestStack stack = new TestStack(2)) {
            stack.startGateway();
            assertThatThrownBy(() -> stack.startRunner("nodechecker.runner.cluster.secret="))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("died at start")
                    .hasMessageContaining("nodechecker.runner.cluster.secret is not set, and without it the cluster's "
                            + "traffic would be neither authenticated nor encrypted")
                    .hasMessageContaining("NODECHECKER_RUNNER_CLUSTER_SECRET");
            String log = stack.processes().get(1).logText();
            assertThat(log).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void aMemberWithTheWrongClusterSecretCannotJoinTheCluster() throws Exception {
        try (TestStack stack = new TestStack(3)) {
            Api gateway = stack.api(stack.startGateway());
            AppProcess intruder = stack.launchRunner("nodechecker.runner.cluster.secret=guessed-0123456789abcdef0123456789abcdef");
            AppProcess member = stack.startRunner();

            // The member that holds the secret joins and registers. The other one's connections end in the TLS
            // handshake (it cannot prove it holds the cluster's key): it never registers.
            gateway.awaitRunner();
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode runners = gateway.get("/api/runners").json();
                assertThat(runners).hasSize(1);
                assertThat(runners.get(0).path("id").asText()).isEqualTo(stack.runnerId(member));
            });
            assertThat(intruder.isAlive()).isTrue();
            // The intruder's side of the refused handshakes (its log fills as slowly as its start goes).
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(intruder.logText()).contains("failed accepting connection from peer SSLSocket"));
        }
    }
}
