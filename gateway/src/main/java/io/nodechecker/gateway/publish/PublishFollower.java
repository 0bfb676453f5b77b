package io.nodechecker.gateway.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.store.FollowState;
import io.nodechecker.cluster.store.WatchStore;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.npm.NpmRegistry;
import io.nodechecker.model.Watch;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.semver4j.Semver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Follows publishes without hooks: the gateway holding the cluster-wide lease polls every watched
 * package once per {@code watch.interval} with a conditional request for its abbreviated metadata,
 * and queues every version that was not listed at the previous poll. A package's first poll is its
 * baseline: what was published before it was watched is not news.
 */
@ApplicationScoped
public class PublishFollower {

    private static final Logger LOG = Logger.getLogger(PublishFollower.class);

    private final GatewayConfig config;
    private final WatchStore watches;
    private final FollowState state;
    private final NpmRegistry registry;
    private final Publishes publishes;
    private final ClusterNode node;
    private final ChangesFeed feed;
    private static final Duration SCAN = Duration.ofSeconds(10);
    private volatile Instant lastScan = Instant.EPOCH;

    PublishFollower(GatewayConfig config, WatchStore watches, FollowState state, NpmRegistry registry,
                    Publishes publishes, ClusterNode node, ChangesFeed feed) {
        this.config = config;
        this.watches = watches;
        this.state = state;
        this.registry = registry;
        this.publishes = publishes;
        this.node = node;
        this.feed = feed;
    }

    @Scheduled(every = "2s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void follow() {
        try {
            if (holdsLease()) {
                pollDue();
            }
        } catch (RuntimeException e) {
            // The cluster's view changes under the storage now and then: the next round tries again.
            LOG.warnf("following publishes: %s", e.getMessage());
        }
    }

    private void pollDue() {
        Instant now = Instant.now();
        // Reading the watch list is a walk over a stored cache: at most every ten seconds, or every
        // watch.interval when that is shorter.
        Duration between = config.watch().interval().compareTo(SCAN) < 0 ? config.watch().interval() : SCAN;
        if (lastScan.plus(between).isAfter(now)) {
            return;
        }
        lastScan = now;
        for (String name : config.watch().packages().orElse(List.of())) {
            if (watches.find(name).isEmpty() && watches.size() < config.watch().maxPackages()) {
                watches.add(Watch.added(name, "config", now));
            }
        }
        for (Watch watch : watches.all()) {
            if (watch.lastPolled() == null || !watch.lastPolled().plus(config.watch().interval()).isAfter(now)) {
                poll(watch.name());
            }
        }
        if (config.watch().feed().enabled()) {
            feed.read(this::changed);
        }
    }

    private boolean holdsLease() {
        String me = String.valueOf(node.manager().getAddress());
        Set<String> members = node.manager().getMembers().stream().map(String::valueOf).collect(Collectors.toSet());
        try {
            return state.hold(me, members, Instant.now(), config.watch().lease());
        } catch (RuntimeException e) {
            LOG.debugf("the follow lease could not be read: %s", e.getMessage());
            return false;
        }
    }

    /** The replication feed named {@code name}: watch it (its latest version is news) and poll it now. */
    private void changed(String name) {
        if (watches.find(name).isEmpty()) {
            if (watches.size() >= config.watch().maxPackages()) {
                LOG.warnf("the feed names %s, but the watch list is full (watch.max-packages %d)", name,
                        config.watch().maxPackages());
                return;
            }
            watches.add(Watch.added(name, "feed", Instant.now()));
        }
        poll(name);
    }

    /** Polls one package and queues what is new. */
    void poll(String name) {
        Watch watch = watches.find(name).orElse(null);
        if (watch == null) {
            return;
        }
        Instant now = Instant.now();
        NpmRegistry.Polled polled;
        try {
            polled = registry.poll(name, watch.hasBaseline() ? watch.etag() : null);
        } catch (ApiException e) {
            watches.update(name, w -> w.failed(e.problem().detail(), now));
            return;
        }
        if (polled.notModified()) {
            watches.update(name, w -> w.notModified(now));
            return;
        }
        List<String> listed = new ArrayList<>();
        polled.metadata().path("versions").fieldNames().forEachRemaining(listed::add);
        List<String> fresh = news(watch, listed, polled.metadata());
        for (String version : fresh) {
            publishes.queue(name, version, "feed".equals(watch.source()) && !watch.hasBaseline()
                    ? "the replication feed" : "the watch list");
        }
        watches.update(name, w -> w.polled(listed, polled.etag(), polled.bytes(), !fresh.isEmpty(), now));
    }

    /** The versions to queue: those not listed before, oldest first by semver. */
    static List<String> news(Watch watch, List<String> listed, JsonNode metadata) {
        if (!watch.hasBaseline()) {
            // A package the feed names for the first time: its latest version is what was published.
            String latest = metadata.path("dist-tags").path("latest").asText(null);
            return "feed".equals(watch.source()) && latest != null ? List.of(latest) : List.of();
        }
        Set<String> known = Set.copyOf(watch.versions());
        return listed.stream().filter(version -> !known.contains(version))
                .sorted(Comparator.comparing(Semver::parse, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }
}
