package io.nodechecker.cluster;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiredSecretTest {

    @Test
    void aMissingOrBlankSecretStopsANormalStartWithOneSentenceNamingTheSetting() {
        for (Optional<String> missing : java.util.List.of(Optional.<String>empty(), Optional.of("  "))) {
            assertThatThrownBy(() -> RequiredSecret.require(missing, "nodechecker.runner.cluster.secret",
                    "the cluster's traffic would be neither authenticated nor encrypted", LaunchMode.NORMAL))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("nodechecker.runner.cluster.secret is not set")
                    .hasMessageContaining("NODECHECKER_RUNNER_CLUSTER_SECRET")
                    .hasMessageContaining("openssl rand -hex 24");
        }
    }

    @Test
    void devModeAndTestsMayGoWithout() {
        assertThatCode(() -> RequiredSecret.require(Optional.empty(), "p", "x", LaunchMode.DEVELOPMENT)).doesNotThrowAnyException();
        assertThatCode(() -> RequiredSecret.require(Optional.empty(), "p", "x", LaunchMode.TEST)).doesNotThrowAnyException();
        assertThatCode(() -> RequiredSecret.require(Optional.of("s"), "p", "x", LaunchMode.NORMAL)).doesNotThrowAnyException();
    }
}
