package io.nodechecker.cluster;

import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryExpired;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryRemoved;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs waiting for a runner, kept from the job cache's own events, so that a dispatch pass reads
 * those few jobs rather than every job ever stored: that scan, run every second and on every
 * registry change, was most of a gateway's CPU under a stream of short jobs (JFR, ThroughputBenchmark).
 * Every member sees every write to the replicated cache; a full scan at start and every
 * {@code rescanEvery} adds anything an event could not bring (a merge after a partition).
 */
public final class QueuedJobs {

    private static final String QUEUED = "\"state\":\"" + JobState.QUEUED + "\"";

    private final JobStore jobs;
    private final Duration rescanEvery;
    private final Clock clock;
    private final Map<String, Instant> createdAtById = new ConcurrentHashMap<>();
    private volatile Instant lastScan = Instant.MIN;

    public QueuedJobs(JobStore jobs, Duration rescanEvery, Clock clock) {
        this.jobs = jobs;
        this.rescanEvery = rescanEvery;
        this.clock = clock;
        jobs.cache().addListener(new Events());
    }

    /** Jobs waiting for a runner, oldest first, as stored now. */
    public List<Job> oldestFirst() {
        Instant now = clock.instant();
        if (lastScan.isBefore(now.minus(rescanEvery))) {
            lastScan = now;
            jobs.queued().forEach(job -> createdAtById.putIfAbsent(job.id(), job.createdAt()));
        }
        List<Map.Entry<String, Instant>> ids = new ArrayList<>(createdAtById.entrySet());
        ids.sort(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        List<Job> queued = new ArrayList<>();
        for (Map.Entry<String, Instant> id : ids) {
            Optional<Job> job = jobs.find(id.getKey());
            if (job.isPresent() && job.get().state() == JobState.QUEUED) {
                queued.add(job.get());
            } else {
                // Left behind by an event handled late; the next event or scan brings it back if needed.
                createdAtById.remove(id.getKey(), id.getValue());
            }
        }
        return queued;
    }

    @Listener(observation = Listener.Observation.POST)
    public class Events {

        @CacheEntryCreated
        @CacheEntryModified
        public void changed(CacheEntryEvent<String, String> event) {
            String json = event.getValue();
            Job job = json != null && json.contains(QUEUED) ? Json.read(json, Job.class) : null;
            if (job != null && job.state() == JobState.QUEUED) {
                createdAtById.put(job.id(), job.createdAt());
            } else {
                createdAtById.remove(event.getKey());
            }
        }

        @CacheEntryRemoved
        @CacheEntryExpired
        public void removed(CacheEntryEvent<String, String> event) {
            createdAtById.remove(event.getKey());
        }
    }
}
