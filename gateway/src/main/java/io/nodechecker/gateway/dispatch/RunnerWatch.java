package io.nodechecker.gateway.dispatch;

import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.trace.JobLogContext;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.RunnerInfo;
import io.nodechecker.model.StreamName;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Notices lost runners and takes their jobs back. A runner process that dies leaves the cluster view
 * at once (its sockets close); a host that vanishes stops heartbeating and is suspected within the
 * failure timeout. Either way its registry entry goes, and each job it held goes back to the queue
 * as a new attempt — or ends ERRORED once its attempts are used up. Every gateway watches; the
 * compare-and-set on the job makes sure only one of them acts.
 */
@Startup
@ApplicationScoped
public class RunnerWatch {

    private static final Logger LOG = Logger.getLogger(RunnerWatch.class);

    private final ClusterNode node;
    private final RunnerRegistry registry;
    private final JobStore jobs;
    private final OutputLog output;
    private final Dispatcher dispatcher;
    private final GatewayConfig config;
    private volatile Instant listeningSince = Instant.now();
    private volatile Instant lastSweep = Instant.MIN;
    // Until then every tick reads the open jobs: a view change's own recovery may have met its topology change.
    private volatile Instant viewChangedUntil = Instant.MIN;

    RunnerWatch(ClusterNode node, RunnerRegistry registry, JobStore jobs, OutputLog output, Dispatcher dispatcher,
                GatewayConfig config) {
        this.node = node;
        this.registry = registry;
        this.jobs = jobs;
        this.output = output;
        this.dispatcher = dispatcher;
        this.config = config;
    }

    @PostConstruct
    void listen() {
        listeningSince = Instant.now();
        node.manager().addListener(new MembershipListener());
    }

    /**
     * Reads the open jobs only when a runner may have been lost: one in the registry is silent, the view changed
     * lately (a recovery then may have met the topology change and is tried again), or the sweep is due. While
     * every runner heartbeats, a queue of any length costs this nothing.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void watch() {
        Instant now = Instant.now();
        boolean anySilent = registry.all().stream().anyMatch(r -> !r.heardWithin(config.cluster().runnerSilence(), now));
        if (anySilent || now.isBefore(viewChangedUntil) || !now.isBefore(lastSweep.plus(config.dispatch().runnerSweep()))) {
            recoverLostJobs();
        }
    }

    void recoverLostJobs() {
        if (!node.fence().open()) {
            // Woken from a pause: the registry's heartbeats are as old as the pause, not the runners' death.
            return;
        }
        Instant now = Instant.now();
        if (now.isBefore(listeningSince.plus(config.cluster().runnerSilence()))) {
            // Just started: the registry may not have its state yet, and silence this member has not
            // listened for is no silence (a restarted sole gateway took every job from live runners).
            return;
        }
        lastSweep = now;
        Set<String> members = node.manager().getMembers().stream().map(String::valueOf).collect(Collectors.toSet());
        Set<String> alive = registry.all().stream()
                .filter(runner -> runner.heardWithin(config.cluster().runnerSilence(), now) || inGrace(runner, members, now))
                .map(RunnerInfo::id).collect(Collectors.toSet());
        boolean requeued = false;
        for (Job job : jobs.withRunners()) {
            if (!alive.contains(job.runner())) {
                try (JobLogContext ignored = JobLogContext.of(job.id())) {
                    requeued |= recover(job);
                }
            }
        }
        if (requeued) {
            dispatcher.kick();
        }
    }

    /**
     * Whether a silent runner still in the view is given time: a split or a departure holds every synchronous
     * write, heartbeats too, until the view changes, so for a runner that stayed its silence counts from the new
     * view, not from its last heartbeat.
     */
    private boolean inGrace(RunnerInfo runner, Set<String> members, Instant now) {
        return now.isBefore(viewChangedUntil) && runner.member() != null && members.contains(runner.member());
    }

    /** Takes the job back from its lost runner; true when it went back to the queue. */
    private boolean recover(Job seen) {
        String lost = seen.runner();
        String why = "runner " + lost + " was lost";
        if (seen.mayRetry()) {
            boolean taken = jobs.update(seen.id(), job -> sameHolding(job, seen) ? job.requeued(why) : null).isPresent();
            if (taken) {
                LOG.infof("job %s goes back to the queue: %s during attempt %d", seen.id(), why, seen.attempts());
            }
            return taken;
        }
        String reason = why + " during the last of " + seen.maxAttempts() + " attempts";
        long last = output.appendNext(seen.id(), seen.attempts(), seen.outputChunks(), StreamName.SYSTEM, OutputChunk.systemLine("ERRORED: " + reason));
        jobs.update(seen.id(), job -> sameHolding(job, seen)
                ? job.finished(JobState.ERRORED, reason, null, last + 1, Instant.now()) : null);
        return false;
    }

    private static boolean sameHolding(Job job, Job seen) {
        return job.isWithRunner() && seen.runner().equals(job.runner()) && job.attempts() == seen.attempts();
    }

    // Asynchronous: cache writes inside a view change would wait on the very topology change they are in.
    @Listener(sync = false)
    public class MembershipListener {
        @ViewChanged
        public void viewChanged(ViewChangedEvent event) {
            if (!registry.cache().getStatus().allowInvocations()) {
                return; // the storage was shut down in order: members leave because they are stopping
            }
            Set<String> members = event.getNewMembers().stream().map(String::valueOf).collect(Collectors.toSet());
            for (RunnerInfo runner : registry.all()) {
                if (runner.member() != null && !members.contains(runner.member())) {
                    registry.remove(runner.id());
                    LOG.infof("runner %s left the cluster", runner.id());
                }
            }
            viewChangedUntil = Instant.now().plus(config.cluster().runnerSilence());
            recoverLostJobs();
        }
    }
}
