package io.nodechecker.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Cluster settings for tests: members on loopback with short timeouts, and storage as given. */
public final class TestSettings {

    private TestSettings() {
    }

    public record Settings(String name, String stack, String bindAddress, int bindPort, int portRange, String initialHosts,
                    String dnsQuery, Optional<String> secret, Optional<Path> dataDir, long failureTimeoutMs,
                    Duration runnerSilence, ClusterSettings.Storage storage)
            implements ClusterSettings {

        @Override
        public long joinTimeoutMs() {
            return 2000;
        }

        public Settings(String name, int bindPort, String initialHosts, String secret, Path dataDir, Storage storage) {
            this(name, "tcp", "127.0.0.1", bindPort, 0, initialHosts, "", Optional.ofNullable(secret),
                    Optional.ofNullable(dataDir), 6000, Duration.ofSeconds(10), storage);
        }
    }

    public record Storage(int owners, int heapEntries, int heapOutputChunks, Duration logs, Duration jobs,
                   Duration expiryInterval) implements ClusterSettings.Storage {

        public static final Storage DEFAULTS = new Storage(2, 10_000, 512, Duration.ofDays(30), Duration.ofDays(180),
                Duration.ofMinutes(1));
    }
}
