package io.nodechecker.gateway;

import io.nodechecker.cluster.LoopbackPorts;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

/** A cluster of one on a loopback port of its own, a data directory of its own, a registry that is not there. */
public final class GatewayAlone implements QuarkusTestProfile {

    /** The bearer token the gateway takes. */
    public static final String TOKEN = "api-test-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        int port = LoopbackPorts.free();
        try {
            return Map.of(
                    "nodechecker.gateway.cluster.name", "gateway-api-test-" + UUID.randomUUID(),
                    "nodechecker.gateway.cluster.bind-port", Integer.toString(port),
                    "nodechecker.gateway.cluster.port-range", "0",
                    "nodechecker.gateway.cluster.initial-hosts", "127.0.0.1[" + port + "]",
                    "nodechecker.gateway.cluster.secret", "gateway-api-test-secret-0123456789abcdef",
                    "nodechecker.gateway.cluster.data-dir", Files.createTempDirectory("gateway-api-test").toString(),
                    "nodechecker.gateway.access.tokens", TOKEN,
                    "nodechecker.gateway.npm.registry", "http://127.0.0.1:9/",
                    "nodechecker.gateway.npm.timeout", "2s",
                    // A sweep for jobs of runners nobody knows within a test's patience (30 s by default).
                    "nodechecker.gateway.dispatch.runner-sweep", "3s");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
