package io.nodechecker.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.Job;
import io.nodechecker.model.RunnerInfo;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.TopologyChanged;
import org.infinispan.notifications.cachelistener.event.TopologyChangedEvent;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an operator asks of the cluster, on {@code /q/metrics}: the queue by Node version, the jobs
 * each runner runs, how long jobs wait for a runner, the cluster's members, membership changes and
 * rebalances. Queue and runner figures come from the open-jobs index and the runner registry, both
 * bounded by what is in flight, never by history. (Outcomes and phase durations are the runners'
 * series; the live relay's are {@code nodechecker_live_*}.)
 */
@Startup
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final JobStore jobs;
    private final RunnerRegistry runners;
    private final ClusterNode node;
    private final GatewayConfig config;
    private final MultiGauge queueDepth;
    private final MultiGauge runningPerRunner;
    private final Timer dispatchWait;
    private final Counter viewChanges;
    private final Counter rebalances;

    GatewayMetrics(MeterRegistry registry, JobStore jobs, RunnerRegistry runners, ClusterNode node, GatewayConfig config) {
        this.registry = registry;
        this.jobs = jobs;
        this.runners = runners;
        this.node = node;
        this.config = config;
        queueDepth = MultiGauge.builder("nodechecker.queue.depth")
                .description("Jobs waiting for a runner, by the Node version they ask for").register(registry);
        runningPerRunner = MultiGauge.builder("nodechecker.runner.jobs")
                .description("Jobs each live runner says it runs, and holds queued").register(registry);
        dispatchWait = Timer.builder("nodechecker.dispatch.wait")
                .description("From a job's creation to its dispatch to a runner").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        viewChanges = Counter.builder("nodechecker.cluster.view.changes")
                .description("Cluster membership changes this gateway saw").register(registry);
        rebalances = Counter.builder("nodechecker.cluster.rebalances")
                .description("Rebalances of the stored caches this gateway took part in").register(registry);
    }

    @PostConstruct
    void listen() {
        Gauge.builder("nodechecker.cluster.members", node, n -> n.manager().getMembers().size())
                .description("Members of the cluster this gateway sees").register(registry);
        node.manager().addListener(new MembershipListener());
        jobs.cache().addListener(new TopologyListener());
        refresh();
    }

    /** A job went to a runner now. */
    public void dispatched(Job job, Instant at) {
        dispatchWait.record(Duration.between(job.createdAt(), at));
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (!node.recovery().status().serving()) {
            return; // the queue is not readable while the stored caches wait for members
        }
        Map<String, Long> byNode = jobs.queued()
                .collect(Collectors.groupingBy(Job::node, TreeMap::new, Collectors.counting()));
        for (String advertised : advertisedNodes()) {
            byNode.putIfAbsent(advertised, 0L);
        }
        queueDepth.register(byNode.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("node", e.getKey()), e.getValue()))
                .collect(Collectors.toList()), true);
        List<RunnerInfo> live = runners.live(config.cluster().runnerSilence(), Instant.now());
        runningPerRunner.register(live.stream()
                .flatMap(r -> List.of(
                        MultiGauge.Row.of(Tags.of("runner", r.id(), "state", "running"), r.running()),
                        MultiGauge.Row.of(Tags.of("runner", r.id(), "state", "queued"), r.queued())).stream())
                .collect(Collectors.toList()), true);
    }

    private List<String> advertisedNodes() {
        return runners.live(config.cluster().runnerSilence(), Instant.now()).stream()
                .flatMap(r -> r.nodeVersions().stream()).distinct().toList();
    }

    @Listener(sync = false)
    public class MembershipListener {
        @ViewChanged
        public void changed(ViewChangedEvent event) {
            viewChanges.increment();
        }
    }

    @Listener(sync = false, observation = Listener.Observation.POST)
    public class TopologyListener {
        @TopologyChanged
        public void changed(TopologyChangedEvent<?, ?> event) {
            if (!event.isPre()) {
                rebalances.increment();
            }
        }
    }
}
