package io.nodechecker.gateway.dispatch;

import io.nodechecker.cluster.trace.JobLogContext;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.metrics.GatewayMetrics;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.cluster.trace.JobTraces;
import io.nodechecker.model.RunRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.nodechecker.model.RunnerInfo;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves queued jobs to runners, oldest first. A job is claimed with a compare-and-set from QUEUED to
 * DISPATCHED before it is sent, so of several gateways only one sends it; a runner that refuses or
 * cannot be reached gives the job back to the queue.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final JobStore jobs;
    private final RunnerRegistry registry;
    private final RunnerClient client;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final Tracer tracer;
    private final LeastQueueBalancer balancer = new LeastQueueBalancer(new Random());
    // One pass at a time per gateway; a kick during a pass asks for one more pass.
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "dispatcher");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean passPending = new AtomicBoolean();

    Dispatcher(JobStore jobs, RunnerRegistry registry, RunnerClient client, GatewayConfig config, GatewayMetrics metrics,
               Tracer tracer) {
        this.tracer = tracer;
        this.metrics = metrics;
        this.jobs = jobs;
        this.registry = registry;
        this.client = client;
        this.config = config;
    }

    /** Asks for a dispatch pass soon, without waiting for it. */
    public void kick() {
        if (passPending.compareAndSet(false, true)) {
            worker.execute(() -> {
                passPending.set(false);
                try {
                    dispatchQueued();
                } catch (RuntimeException e) {
                    if (worker.isShutdown()) {
                        // Stopping interrupts a pass in the middle; the next gateway's pass picks the jobs up.
                        LOG.debugf("dispatch pass stopped by shutdown: %s", e.getMessage());
                    } else {
                        LOG.warn("dispatch pass failed", e);
                    }
                }
            });
        }
    }

    @PostConstruct
    void listen() {
        // A runner that joins or frees a slot gets work at once, not at the next tick.
        registry.cache().addListener(new RegistryListener());
    }

    @Listener(observation = Listener.Observation.POST)
    public class RegistryListener {
        @CacheEntryCreated
        @CacheEntryModified
        public void changed(CacheEntryEvent<String, String> event) {
            kick();
        }
    }

    @Scheduled(every = "${nodechecker.gateway.dispatch.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        kick();
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    void dispatchQueued() {
        List<RunnerInfo> runners = new ArrayList<>(registry.live(config.cluster().runnerSilence(), Instant.now()));
        // While every runner is full (most passes under load) the queue is not read at all.
        if (runners.stream().noneMatch(RunnerInfo::hasRoom)) {
            return;
        }
        // Read lazily: the pass ends once no runner has room, whatever the length of the queue behind.
        Iterator<Job> queued = jobs.queued().iterator();
        while (runners.stream().anyMatch(RunnerInfo::hasRoom) && queued.hasNext()) {
            Job job = queued.next();
            try (JobLogContext ignored = JobLogContext.of(job.id())) {
                offer(job, runners);
            }
        }
    }

    /** Offers one queued job to the least loaded runner that has its Node. */
    private void offer(Job job, List<RunnerInfo> runners) {
        Optional<RunnerInfo> pick = balancer.pick(runners, job.node());
        if (pick.isEmpty()) {
            return; // every runner with this Node is full: the job keeps its place in the queue
        }
        RunnerInfo runner = pick.get();
        Instant now = Instant.now();
        Optional<Job> claimed = jobs.update(job.id(),
                current -> current.state() == JobState.QUEUED ? current.dispatched(runner.id(), now) : null);
        if (claimed.isEmpty()) {
            return; // another gateway took it
        }
        metrics.dispatched(claimed.get(), now);
        int slot = runners.indexOf(runner);
        runners.set(slot, runner.plusQueued());
        Job sent = claimed.get();
        Span dispatch = tracer.spanBuilder("nodechecker.dispatch")
                .setParent(JobTraces.parent(sent.trace() == null ? null : sent.trace().parent()))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("nodechecker.job.id", sent.id())
                .setAttribute("nodechecker.attempt", sent.attempts())
                .setAttribute("nodechecker.runner", runner.id())
                .startSpan();
        boolean taken;
        try {
            taken = client.send(runner, new RunRequest(sent.id(), sent.attempts(),
                    JobTraces.traceParent(dispatch.getSpanContext())));
        } finally {
            dispatch.end();
        }
        if (!taken) {
            LOG.warnf("runner %s did not take job %s; it goes back to the queue", runner.id(), sent.id());
            jobs.update(sent.id(), current -> current.state() == JobState.DISPATCHED
                    && runner.id().equals(current.runner()) && current.attempts() == sent.attempts()
                    ? current.handedBack() : null);
            runners.remove(slot); // not offered more work in this pass
        }
    }
}
