package io.nodechecker.cluster;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.conflict.MergePolicy;
import org.infinispan.partitionhandling.PartitionHandling;
import io.github.bucket4j.grid.infinispan.serialization.Bucket4jProtobufContextInitializer;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.infinispan.configuration.global.ShutdownHookBehavior;
import org.infinispan.remoting.transport.jgroups.FileJGroupsChannelConfigurator;
import org.infinispan.remoting.transport.jgroups.JGroupsChannelConfigurator;
import org.jboss.logging.Logger;
import org.jgroups.JChannel;
import org.jgroups.protocols.TCP;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This process's membership of the Nodechecker cluster: an embedded Infinispan cache manager over
 * a JGroups channel built from {@link ClusterSettings}, with every cache the apps use defined the
 * same way on every member. Storage members (gateways) own the distributed data; compute members
 * (runners) own none of it and reach it through its owners.
 * <p>
 * Every cache is defined here, so that no two members can disagree about a cache's mode, owners, persistence
 * or expiry; the JGroups stack comes from {@link ClusterSettings}.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterNode.class);

    /** What a member keeps of the cluster's data. */
    public enum Role {
        /** Owns a share of jobs, output, tarballs and batches, on disk when it has a data directory (gateways). */
        STORAGE,
        /**
         * Owns nothing but the small replicated runner registry: it reads and writes the distributed
         * caches through their owners, so its heap, disk and start-up do not grow with history (runners).
         */
        COMPUTE
    }

    // MERGE3's max_interval in the stack: how long a healed split may take to be noticed.
    private static final Duration MERGE_INTERVAL = Duration.ofSeconds(15);

    private final EmbeddedCacheManager manager;
    private final Role role;
    private final PauseFence fence;
    private final StorageRecovery recovery;
    private final MergeRepair mergeRepair;

    public ClusterNode(ClusterSettings settings, String nodeName, Role role) {
        long start = System.nanoTime();
        this.role = role;
        this.fence = new PauseFence(Duration.ofMillis(settings.failureTimeoutMs()), MERGE_INTERVAL, System::nanoTime, true);
        GlobalConfigurationBuilder global = GlobalConfigurationBuilder.defaultClusteredBuilder();
        global.transport().clusterName(settings.name()).nodeName(nodeName)
                .addProperty(JGroupsTransport.CHANNEL_CONFIGURATOR, channel(settings));
        Optional<Path> dataDir = role == Role.STORAGE ? settings.dataDir() : Optional.empty();
        dataDir.ifPresent(dir -> global.globalState().enable()
                .persistentLocation(dir.toString()).temporaryLocation(dir.resolve("tmp").toString()));
        dataDir.ifPresent(StorageRecovery::forgetVolatileLayouts);
        // The apps close the node when their beans are disposed, after they drained: Infinispan's own JVM
        // hook would stop the caches under a runner still publishing its last job's end.
        global.shutdown().hookBehavior(ShutdownHookBehavior.DONT_REGISTER);
        JobEventFilter.allow(global);
        // Bucket4j's entry processor travels to a bucket's owners marshalled by its own ProtoStream schema.
        global.serialization().addContextInitializer(new Bucket4jProtobufContextInitializer());
        global.cacheContainer().statistics(false);
        manager = new DefaultCacheManager(global.build(), false);
        manager.defineConfiguration(Caches.RUNNERS, replicated().build());
        manager.defineConfiguration(Caches.SIGNALS, replicated().build());

        ClusterSettings.Storage storage = settings.storage();
        for (String name : Caches.STORED) {
            manager.defineConfiguration(name, distributed(name, storage, dataDir.orElse(null)).build());
        }
        manager.start();
        manager.startCaches(Caches.RUNNERS, Caches.SIGNALS);
        if (role == Role.STORAGE) {
            // Only gateways count requests; a runner never joins this cache's topology.
            manager.defineConfiguration(Caches.RATE_LIMITS, rateLimits().build());
            manager.startCaches(Caches.RATE_LIMITS);
        }
        manager.startCaches(Caches.STORED);
        recovery = new StorageRecovery(manager);
        if (role == Role.STORAGE) {
            // Storage members restarting fewer than they were: serve at once when no entry is lost.
            recovery.recover();
        }
        mergeRepair = role == Role.STORAGE ? new MergeRepair(manager) : null;
        if (role == Role.COMPUTE) {
            StorageShutdown.leaveOnSignal(this);
        }
        // What a member's start spends on the cluster, apart from the app around it: for a runner, the part
        // that would grow with the cluster's history if it received any (docs/BENCHMARKS.md, growth).
        LOG.infof("%s joined cluster %s as a %s member of %d in %d ms", nodeName, settings.name(),
                role.name().toLowerCase(Locale.ROOT), manager.getMembers().size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private static ConfigurationBuilder replicated() {
        ConfigurationBuilder cache = new ConfigurationBuilder();
        cache.clustering().cacheMode(CacheMode.REPL_SYNC).stateTransfer().awaitInitialTransfer(true);
        allowReadWritesInPartitions(cache, Caches.RUNNERS);
        return cache;
    }

    /**
     * Buckets of the cluster-wide limits: distributed over the storage members like the stored data,
     * in memory only (a restart forgets who used how much), dropped after ten idle minutes.
     */
    private ConfigurationBuilder rateLimits() {
        ConfigurationBuilder cache = new ConfigurationBuilder();
        cache.clustering().cacheMode(CacheMode.DIST_SYNC).hash().numOwners(2);
        cache.expiration().maxIdle(10, TimeUnit.MINUTES);
        allowReadWritesInPartitions(cache, Caches.RATE_LIMITS);
        return cache;
    }

    private ConfigurationBuilder distributed(String name, ClusterSettings.Storage storage, Path dataDir) {
        ConfigurationBuilder cache = new ConfigurationBuilder();
        cache.clustering().cacheMode(CacheMode.DIST_SYNC).hash().numOwners(storage.owners())
                .capacityFactor(role == Role.STORAGE ? 1 : 0);
        cache.clustering().stateTransfer().awaitInitialTransfer(true);
        allowReadWritesInPartitions(cache, name);
        Duration lifespan = lifespan(name, storage);
        if (lifespan != null) {
            cache.expiration().lifespan(lifespan.toMillis(), TimeUnit.MILLISECONDS);
        }
        cache.expiration().wakeUpInterval(storage.expiryInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (dataDir != null) {
            // A bounded part in heap, everything on disk; nothing is loaded whole at start.
            cache.memory().maxCount(Caches.OUTPUT.equals(name) ? storage.heapOutputChunks() : storage.heapEntries());
            Path dir = dataDir.resolve(name);
            cache.persistence().passivation(false).addSoftIndexFileStore()
                    .dataLocation(dir.resolve("data").toString())
                    .indexLocation(dir.resolve("index").toString())
                    .preload(false).shared(false);
        }
        return cache;
    }

    private static Duration lifespan(String name, ClusterSettings.Storage storage) {
        return switch (name) {
            case Caches.OUTPUT, Caches.TARBALLS -> storage.logs();
            case Caches.JOBS, Caches.BATCHES, Caches.RECENT_JOBS, Caches.BATCH_NAMES, Caches.EXPERIMENTS -> storage.jobs();
            case Caches.DELIVERIES -> Duration.ofDays(7);
            default -> null; // open jobs and batches leave when they end; package histories are kept
        };
    }

    // Every side of a partition keeps working (gateways accept jobs, runners finish theirs); at the
    // merge, job records keep the side that got furthest and everything else keeps any value.
    private static void allowReadWritesInPartitions(ConfigurationBuilder cache, String name) {
        cache.clustering().partitionHandling().whenSplit(PartitionHandling.ALLOW_READ_WRITES)
                .mergePolicy(Caches.JOBS.equals(name) ? new JobMergePolicy() : MergePolicy.PREFERRED_NON_NULL);
    }

    /** The JGroups channel: the stack from its XML, and mutual TLS on its transport with keys held in memory. */
    private static JGroupsChannelConfigurator channel(ClusterSettings settings) {
        byte[] xml = stack(settings).getBytes(StandardCharsets.UTF_8);
        try {
            return new FileJGroupsChannelConfigurator("nodechecker", "nodechecker-jgroups.xml", new ByteArrayInputStream(xml),
                    new Properties()) {
                @Override
                protected JChannel amendChannel(JChannel channel) {
                    JChannel amended = super.amendChannel(channel);
                    // The transport makes its sockets when it starts, after this: they are TLS sockets from the first.
                    settings.secret().ifPresent(secret -> ((TCP) amended.getProtocolStack().getTransport())
                            .tls(ClusterKey.tls(secret, settings.name())));
                    return amended;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // A member alone by configuration still runs JGroups' join, which needs a moment for its own ping.
    private static final long ALONE_JOIN_TIMEOUT_MS = 100;

    private static String stack(ClusterSettings settings) {
        String xml = stackTemplate().replace("${discovery}", discovery(settings.stack()));
        long failureTimeout = settings.failureTimeoutMs();
        Map<String, String> values = Map.of(
                "dns_query", settings.dnsQuery(),
                "bind_addr", settings.bindAddress(),
                "bind_port", Integer.toString(settings.bindPort()),
                "port_range", Integer.toString(settings.portRange()),
                "initial_hosts", settings.initialHosts(),
                "failure_timeout", Long.toString(failureTimeout),
                "join_timeout", Long.toString(alone(settings) ? ALONE_JOIN_TIMEOUT_MS : settings.joinTimeoutMs()),
                "heartbeat_interval", Long.toString(Math.max(500, failureTimeout / 4)));
        for (Map.Entry<String, String> value : values.entrySet()) {
            xml = xml.replace("${" + value.getKey() + "}", xmlAttribute(value.getValue()));
        }
        return xml;
    }

    /** Whether the members this one contacts at start are only itself: a cluster of one, by configuration. */
    static boolean alone(ClusterSettings settings) {
        if (!settings.stack().equals("tcp")) {
            return false;
        }
        String self = settings.bindAddress() + "[" + settings.bindPort() + "]";
        return java.util.Arrays.stream(settings.initialHosts().split(",")).map(String::trim)
                .allMatch(self::equals);
    }

    /**
     * The discovery protocol, asking three times within the join timeout. A member that restarts on the
     * address it had may lose its first request: a member that was still sending to the old process connects
     * to the new one as it connects back, and TCP keeps one of the two connections, dropping what was sent
     * on the other. A member that heard no answer would form a cluster of its own until a merge.
     */
    private static String discovery(String stack) {
        return switch (stack) {
            case "tcp" -> "<TCPPING initial_hosts=\"${initial_hosts}\" port_range=\"0\" num_discovery_runs=\"3\"/>";
            case "kubernetes" -> "<dns.DNS_PING dns_query=\"${dns_query}\" dns_record_type=\"A\" num_discovery_runs=\"3\"/>";
            default -> throw new IllegalArgumentException("cluster stack must be tcp or kubernetes, not " + stack);
        };
    }

    private static String stackTemplate() {
        try (InputStream in = ClusterNode.class.getResourceAsStream("/nodechecker-jgroups.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String xmlAttribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    public <K, V> Cache<K, V> cache(String name) {
        return manager.getCache(name);
    }

    /** Whether the stored caches serve, or wait for storage members that are missing since a restart. */
    public StorageRecovery recovery() {
        return recovery;
    }

    /** Whether this member's view is fresh enough to act destructively on (see {@link PauseFence}). */
    public PauseFence fence() {
        return fence;
    }

    public Role role() {
        return role;
    }

    public EmbeddedCacheManager manager() {
        return manager;
    }

    @Override
    public void close() {
        fence.close();
        if (mergeRepair != null) {
            mergeRepair.close();
        }
        manager.stop();
    }
}
