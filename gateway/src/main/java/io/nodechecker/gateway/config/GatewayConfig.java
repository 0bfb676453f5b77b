package io.nodechecker.gateway.config;

import io.nodechecker.cluster.ClusterSettings;
import io.nodechecker.model.NodeLines;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the gateway, under {@code nodechecker.gateway}, each with its default and what it does,
 * grouped by the part of the gateway it tunes.
 */
@ConfigMapping(prefix = "nodechecker.gateway")
public interface GatewayConfig {

    /**
     * Node major version of a job that names none. By default the active LTS line of Node's release
     * schedule on the day the job is made ({@link NodeLines#activeLts}).
     */
    Optional<String> defaultNode();

    /** {@link #defaultNode()}, or the active LTS line today. */
    default String nodeForJobs() {
        return defaultNode().orElseGet(() -> NodeLines.activeLts(LocalDate.now(ZoneOffset.UTC)));
    }

    /** Longest test-phase limit a job may ask for, in seconds. */
    @WithDefault("3600")
    int maxTimeoutSeconds();

    /** Largest package tarball a job may upload, in bytes. */
    @WithDefault("10485760")
    int maxTarballBytes();

    /**
     * The most network a job may ask for: {@code none}, {@code install-only} or {@code full}. Asking
     * for more is refused with 400.
     */
    @WithDefault("install-only")
    String maxNetwork();

    Npm npm();

    Access access();

    Hooks hooks();

    Batches batches();

    Experiments experiments();

    Dispatch dispatch();

    Cluster cluster();

    Live live();


    interface Live {
        /**
         * How long a viewer's socket may take nothing while output waits for it; then the viewer is
         * closed with code 1013 and a reason naming the {@code from=N} to resume at.
         */
        @WithDefault("30s")
        Duration stallTimeout();

        /**
         * Live streams one client address may hold open on one gateway; more are refused with 429 before
         * the upgrade. Set it high for a proxy that many viewers share.
         */
        @WithDefault("100")
        int maxConnectionsPerAddress();

        /**
         * A job watched by at least this many viewers on this gateway is a large audience: its output
         * goes to them in batches on their sockets' event loops, at least {@link #linger()} apart.
         */
        @WithDefault("100")
        int largeAudience();

        /** Least time between two batches of output for a large audience. */
        @WithDefault("20ms")
        Duration linger();
    }

    interface Npm {
        /** Registry that versions and dist-tags are resolved against. */
        @WithDefault("https://registry.npmjs.org/")
        String registry();

        /** How long a registry lookup may take. */
        @WithDefault("15s")
        Duration timeout();
    }

    Watch watch();

    interface Hooks {
        /**
         * Secret a registry signs hook deliveries with (npm's hook format, {@code x-npm-signature}; sent
         * by cnpmcore and self-hosted registries); hooks are refused without it.
         */
        Optional<String> npmSecret();

        /**
         * Bearer token a registry's publish notification ({@code POST /api/hooks/notify}, e.g.
         * Verdaccio's {@code notify}) must carry; notifications are refused without it.
         */
        Optional<String> notifyToken();

        /**
         * Node major versions a published package is tested on, however the publish was learnt (hook,
         * notification, watch list, replication feed); by default the jobs' default Node.
         */
        Optional<List<String>> nodeVersions();
    }

    /** Following publishes by polling: the watch list and the registry's replication feed. */
    interface Watch {
        /** Packages followed from configuration, besides those added with {@code POST /api/watches}. */
        Optional<List<String>> packages();

        /** How often each followed package is polled (a conditional request: 304 when nothing changed). */
        @WithDefault("5m")
        Duration interval();

        /** Most packages the watch list holds, the feed's included. */
        @WithDefault("1000")
        int maxPackages();

        /** How long the lease of the one gateway that polls lasts without renewal. */
        @WithDefault("30s")
        Duration lease();

        Feed feed();

        interface Feed {
            /** Whether the registry's replication feed is followed (it names every change of the registry). */
            @WithDefault("false")
            boolean enabled();

            /** The feed: CouchDB's {@code _changes} shape ({@code results[].id/seq}, {@code last_seq}). */
            @WithDefault("https://replicate.npmjs.com/registry/_changes")
            String url();

            /** Scopes whose packages are followed ({@code @myorg}). */
            Optional<List<String>> scopes();

            /** Regular expressions of package names that are followed. */
            Optional<List<String>> names();

            /** How often the feed is read. */
            @WithDefault("1m")
            Duration interval();

            /** Most changes read per request. */
            @WithDefault("500")
            int limit();
        }
    }

    /** Experiments a schedule starts: the nightly one, and one for each publish of a watched package. */
    interface Experiments {
        Nightly nightly();

        /**
         * Whether a publish (hook, notification, watch list, feed) is tested as an experiment of the new
         * version on the nightly baseline and candidate, instead of one job per {@code hooks.node-versions}.
         */
        @WithDefault("false")
        boolean onPublish();

        interface Nightly {
            /** When it starts, a Quarkus cron ({@code 0 0 2 * * ?} is 02:00 every day); {@code off} for never. */
            @WithDefault("off")
            String cron();

            @WithDefault("24")
            String baseline();

            @WithDefault("26")
            String candidate();

            /**
             * What it tests: {@code top:N} (the N most downloaded), {@code lookup:/path/lookup.json} (CITGM's
             * file), or packages separated by commas ({@code xtend,semver@7.6.0}).
             */
            @WithDefault("top:100")
            String packages();

            @WithDefault("nightly")
            String name();
        }
    }

    interface Batches {
        /** Secret completion callbacks are signed with (HMAC-SHA256 in {@code X-Nodechecker-Signature}). */
        Optional<String> callbackSecret();

        /** How many times a completion callback is tried, with the wait doubling from one second. */
        @WithDefault("6")
        int callbackAttempts();

        /** How long one callback attempt may take to connect, and then to be answered. */
        @WithDefault("10s")
        Duration callbackTimeout();

        /** How many callbacks a gateway delivers at once to one host and port; the others wait their turn. */
        @WithDefault("2")
        @Min(1)
        int callbackPerDestination();

        /** How many callbacks a gateway delivers at once in all. */
        @WithDefault("64")
        @Min(1)
        int callbackConcurrency();

        /**
         * Whether callbacks may go to loopback, private (RFC 1918, unique-local, carrier-grade NAT) and
         * this host's own addresses. Off: a callback URL that names such an address is refused, and one
         * whose name resolves to one is not sent. Link-local and metadata addresses are never allowed.
         */
        @WithDefault("false")
        boolean callbackPrivateAddresses();

        /** Most packages one batch may hold, each Node version of a package counting once. */
        @WithDefault("500")
        int maxPackages();

        /**
         * Largest batch body, in bytes, refused before it is parsed: CITGM's whole lookup.json is about 20 KB,
         * and a body is held as a tree while its entries are checked.
         */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** How many times a flaky entry is rerun after a failure, at least, before it counts. */
        @WithDefault("2")
        int flakyRetries();
    }

    interface Access {
        /**
         * Bearer tokens that may create and cancel jobs. When absent anyone may, and the gateway says
         * so at start: set them wherever the gateway is reachable by others.
         */
        Optional<List<String>> tokens();

        /**
         * Tokens that may also cancel any job; every other token cancels only the jobs it created
         * (hooks' jobs have no creator, so only these cancel them).
         */
        Optional<List<String>> adminTokens();

        /** Whether reading (jobs, logs, live streams, runners) needs no token. */
        @WithDefault("true")
        boolean publicRead();

        /**
         * Creating or cancelling requests one token (or, without tokens, one address) may make per minute,
         * over every gateway together.
         */
        @WithDefault("120")
        int writesPerMinute();

        /** Origins whose pages may open live streams besides the gateway's own. */
        Optional<List<String>> allowedOrigins();
    }

    interface Dispatch {
        /**
         * Reads the open jobs for ones held by a runner this gateway knows nothing of at least this often, even
         * while every runner in the registry heartbeats: the sure way, behind the view changes and silences.
         */
        @WithDefault("30s")
        Duration runnerSweep();

        /** How often queued jobs are offered to runners, besides right after a job arrives. */
        @WithDefault("1s")
        Duration interval();

        /** How long a gateway waits to connect to a runner's endpoint when it hands it a job. */
        @WithDefault("3s")
        Duration connectTimeout();

        /** How long a runner may take to answer that it takes (or refuses) a job; past it the job is queued again. */
        @WithDefault("10s")
        Duration sendTimeout();

        /**
         * How many times a job is run again after the infrastructure failed it (its runner was lost,
         * the engine failed); a package's own failure is never retried.
         */
        @WithDefault("2")
        int maxRetries();

        /** Shared secret sent to runners with each job. */
        Optional<String> runnerSecret();
    }

    /** How this process joins the cluster (see {@link ClusterSettings} for each key). */
    interface Cluster extends ClusterSettings {
        /** How long POST /api/storage/shutdown waits for every member to stop its stored caches. */
        @WithDefault("30s")
        Duration storageShutdownTimeout();
    }
}
