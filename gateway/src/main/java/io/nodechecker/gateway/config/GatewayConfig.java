package io.nodechecker.gateway.config;

import io.nodechecker.cluster.ClusterSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the gateway, under {@code nodechecker.gateway}. */
@ConfigMapping(prefix = "nodechecker.gateway")
public interface GatewayConfig {

    /** Node major version of a job that names none. */
    @WithDefault("20")
    String defaultNode();

    /** Longest test-phase limit a job may ask for, in seconds. */
    @WithDefault("3600")
    int maxTimeoutSeconds();

    /** Largest package tarball a job may upload, in bytes. */
    @WithDefault("10485760")
    int maxTarballBytes();

    Npm npm();

    Dispatch dispatch();

    Cluster cluster();

    interface Npm {
        /** Registry that versions and dist-tags are resolved against. */
        @WithDefault("https://registry.npmjs.org/")
        String registry();

        /** How long a registry lookup may take. */
        @WithDefault("15s")
        Duration timeout();
    }

    interface Dispatch {
        /** How often queued jobs are offered to runners, besides right after a job arrives. */
        @WithDefault("1s")
        Duration interval();

        /** A runner not heard from for this long gets no new work. */
        @WithDefault("10s")
        Duration runnerSilence();

        /** Shared secret sent to runners with each job. */
        Optional<String> runnerSecret();
    }

    interface Cluster extends ClusterSettings {
        @Override
        @WithDefault("nodechecker")
        String name();

        @Override
        @WithDefault("127.0.0.1")
        String bindAddress();

        @Override
        @WithDefault("7800")
        int bindPort();

        @Override
        @WithDefault("20")
        int portRange();

        @Override
        @WithDefault("127.0.0.1[7800],127.0.0.1[7801],127.0.0.1[7802],127.0.0.1[7803]")
        String initialHosts();

        /** Where this gateway persists jobs, results and logs; memory only when absent. */
        @Override
        Optional<Path> dataDir();

        @Override
        @WithDefault("6000")
        long failureTimeoutMs();
    }
}
