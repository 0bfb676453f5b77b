package io.nodechecker.runner.config;

import io.nodechecker.cluster.ClusterSettings;
import io.nodechecker.model.NodeLines;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every setting of the runner-function, under {@code nodechecker.runner}. */
@ConfigMapping(prefix = "nodechecker.runner")
public interface RunnerConfig {

    /** This runner's id in the registry; {@code <hostname>-<pid>} when absent. */
    Optional<String> id();

    /** Host name or address gateways use to reach this runner. */
    @WithDefault("127.0.0.1")
    String advertisedHost();

    /** Jobs run at once; the number of cores when absent. */
    Optional<Integer> capacity();

    /** How often the runner refreshes its registry entry. */
    @WithDefault("2s")
    Duration heartbeat();

    /** Shared secret a gateway must present to hand this runner work. */
    Optional<String> secret();

    Docker docker();

    Npm npm();

    Limits limits();

    Egress egress();

    Source source();

    Cluster cluster();

    interface Docker {
        /** The engine's endpoint. */
        @WithDefault("unix:///var/run/docker.sock")
        String host();

        /** How long the runner waits to connect to the engine (a request then takes as long as it needs). */
        @WithDefault("10s")
        Duration connectTimeout();

        /**
         * The images job containers run, as {@code <node major>=<image>}. By default
         * {@code nodechecker/node:<major>} for every line of Node's release schedule; the runner offers
         * the majors whose image the engine has ({@code scripts/node-image.sh} makes them).
         */
        Optional<List<String>> images();

        /** {@link #images()} by Node major version. */
        default Map<String, String> imageByNode() {
            Map<String, String> byNode = new TreeMap<>();
            List<String> entries = images().orElseGet(() -> NodeLines.all().stream()
                    .map(line -> line.major() + "=nodechecker/node:" + line.major()).toList());
            for (String entry : entries) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new IllegalArgumentException("nodechecker.runner.docker.images: '" + entry
                            + "' is not <node major>=<image>");
                }
                byNode.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
            return byNode;
        }

        /** Label every job container carries, with the runner id as its value. */
        @WithDefault("io.nodechecker.runner")
        String label();
    }

    interface Npm {
        /**
         * Registry the runner downloads tarballs from and job containers install from. The runner's own
         * downloads trust the JVM's CA store, like the gateway's version lookups; the bundle below is
         * for the containers.
         */
        @WithDefault("https://registry.npmjs.org/")
        String registry();

        /** How long the runner waits to connect to the registry for a tarball; the download is bounded by the job's fetch limit. */
        @WithDefault("10s")
        Duration connectTimeout();

        /**
         * CA bundle (PEM) mounted read-only into job containers as NODE_EXTRA_CA_CERTS, for networks
         * that intercept TLS; none when absent.
         */
        @WithDefault("/etc/ssl/certs/ca-certificates.crt")
        Optional<Path> caBundle();

        /**
         * Whether corepack requires the registry's signatures on the yarn or pnpm it fetches for a package that
         * declares one. A registry that serves none (some mirrors) needs false; the tarball's sha512 is checked
         * either way.
         */
        @WithDefault("true")
        boolean signatures();
    }

    interface Limits {
        /** Wall-clock limit of the fetch phase. */
        @WithDefault("2m")
        Duration fetch();

        /** Largest published tarball the runner downloads, in MiB. */
        @WithDefault("100")
        long packageMb();

        /** Largest repository fetch (its one commit, with history cut to it) the runner keeps, in MiB. */
        @WithDefault("200")
        long repositoryMb();

        /** Wall-clock limit of the install phase. */
        @WithDefault("5m")
        Duration install();

        /** Wall-clock limit of the test phase; a job may ask for less, never more. */
        @WithDefault("5m")
        Duration test();

        /** Memory of a job container, in MiB; swap is not allowed on top. */
        @WithDefault("1024")
        long memoryMb();

        /** Size of the writable work area (a tmpfs, counted in the memory limit), in MiB. */
        @WithDefault("512")
        long workAreaMb();

        /** Processes and threads a job container may have. */
        @WithDefault("512")
        long pids();

        /** CPUs a job container may use. */
        @WithDefault("1.0")
        double cpus();

        /**
         * The most network this runner gives a job, whatever it asked: {@code none}, {@code install-only}
         * or {@code full}.
         */
        @WithDefault("install-only")
        String maxNetwork();

        /** Output a job may write, in bytes; past it the job is stopped and the output says so. */
        @WithDefault("16777216")
        long outputBytes();
    }

    /**
     * The allow-list proxy that is an installing job's only way out (docs/SECURITY.md): each job's
     * container sits on an internal network of its own that only this proxy also joins.
     */
    interface Egress {
        /** Image of the proxy: tinyproxy, made by {@code scripts/egress-image.sh}. */
        @WithDefault("nodechecker/egress:1")
        String image();

        /** The Docker network the proxy reaches the registry from. */
        @WithDefault("bridge")
        String network();

        /**
         * Further URLs an installing job may reach beside {@link Npm#registry()}, such as a mirror's
         * tarball host: scheme, host and port are allowed, for any path.
         */
        Optional<List<String>> allow();
    }

    /** Where a job's repository is fetched from (docs/CODE.md). */
    interface Source {
        /**
         * Mirrors, like git's {@code insteadOf}: {@code FROM=TO} URL prefixes applied to a repository's
         * https URL before it is fetched, the longest matching {@code FROM} first; the job still names the
         * public URL. Env {@code NODECHECKER_RUNNER_SOURCE_REWRITES}, comma-separated.
         */
        Optional<List<String>> rewrites();
    }

    /** How this process joins the cluster (see {@link ClusterSettings} for each key). */
    interface Cluster extends ClusterSettings {
    }
}
