package io.nodechecker.cluster;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.conflict.MergePolicy;
import org.infinispan.partitionhandling.PartitionHandling;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This process's membership of the Nodechecker cluster: an embedded Infinispan cache manager over
 * a JGroups channel built from {@link ClusterSettings}, with every cache the apps use defined the
 * same way on every member.
 */
public final class ClusterNode implements AutoCloseable {

    private final EmbeddedCacheManager manager;

    public ClusterNode(ClusterSettings settings, String nodeName) {
        GlobalConfigurationBuilder global = GlobalConfigurationBuilder.defaultClusteredBuilder();
        global.transport().clusterName(settings.name()).nodeName(nodeName)
                .addProperty(JGroupsTransport.CONFIGURATION_XML, stack(settings));
        settings.dataDir().ifPresent(dir -> global.globalState().enable()
                .persistentLocation(dir.toString()).temporaryLocation(dir.resolve("tmp").toString()));
        global.cacheContainer().statistics(false);
        manager = new DefaultCacheManager(global.build(), false);
        manager.defineConfiguration(Caches.RUNNERS, replicated(null, Caches.RUNNERS).build());
        for (String persisted : new String[] {Caches.JOBS, Caches.OUTPUT, Caches.TARBALLS, Caches.BATCHES}) {
            manager.defineConfiguration(persisted, replicated(settings.dataDir().orElse(null), persisted).build());
        }
        ConfigurationBuilder deliveries = replicated(settings.dataDir().orElse(null), Caches.DELIVERIES);
        deliveries.expiration().lifespan(7, TimeUnit.DAYS);
        manager.defineConfiguration(Caches.DELIVERIES, deliveries.build());
        manager.start();
        manager.startCaches(Caches.RUNNERS, Caches.JOBS, Caches.OUTPUT, Caches.TARBALLS, Caches.BATCHES,
                Caches.DELIVERIES);
    }

    private static ConfigurationBuilder replicated(Path dataDir, String name) {
        ConfigurationBuilder cache = new ConfigurationBuilder();
        cache.clustering().cacheMode(CacheMode.REPL_SYNC).stateTransfer().awaitInitialTransfer(true);
        // Every side of a partition keeps working (gateways accept jobs, runners finish theirs); at the
        // merge, job records keep the side that got furthest and everything else keeps any value.
        cache.clustering().partitionHandling().whenSplit(PartitionHandling.ALLOW_READ_WRITES)
                .mergePolicy(Caches.JOBS.equals(name) ? new JobMergePolicy() : MergePolicy.PREFERRED_NON_NULL);
        if (dataDir != null) {
            Path dir = dataDir.resolve(name);
            cache.persistence().addSoftIndexFileStore()
                    .dataLocation(dir.resolve("data").toString())
                    .indexLocation(dir.resolve("index").toString())
                    .preload(true).shared(false);
        }
        return cache;
    }

    private static String stack(ClusterSettings settings) {
        String xml = stackTemplate()
                .replace("${discovery}", discovery(settings.stack()))
                .replace("${encryption}", settings.secret().map(secret -> ClusterKey.symEncrypt(secret, settings.name()))
                        .orElse(""));
        long failureTimeout = settings.failureTimeoutMs();
        Map<String, String> values = Map.of(
                "dns_query", settings.dnsQuery(),
                "bind_addr", settings.bindAddress(),
                "bind_port", Integer.toString(settings.bindPort()),
                "port_range", Integer.toString(settings.portRange()),
                "initial_hosts", settings.initialHosts(),
                "failure_timeout", Long.toString(failureTimeout),
                "heartbeat_interval", Long.toString(Math.max(500, failureTimeout / 4)));
        for (Map.Entry<String, String> value : values.entrySet()) {
            xml = xml.replace("${" + value.getKey() + "}", xmlAttribute(value.getValue()));
        }
        return xml;
    }

    private static String discovery(String stack) {
        return switch (stack) {
            case "tcp" -> "<TCPPING initial_hosts=\"${initial_hosts}\" port_range=\"0\"/>";
            case "kubernetes" -> "<dns.DNS_PING dns_query=\"${dns_query}\" dns_record_type=\"A\"/>";
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

    public EmbeddedCacheManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.stop();
    }
}
