package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import org.infinispan.Cache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Jobs in the cluster, keyed by id. Changes go through compare-and-set so no transition is lost.
 * Alongside the records it keeps what lets every question be answered without reading every job:
 * the open jobs, the order of creation, and each package's history.
 */
public final class JobStore {

    // A job is stored just after its open entry: an entry younger than this without a job is not stale yet.
    private static final Duration CREATION_GRACE = Duration.ofMinutes(1);

    private final Cache<String, String> jobs;
    private final OpenJobs open;
    private final RecentJobs recent;
    private final PackageRecords packages;

    public JobStore(ClusterNode node) {
        this.jobs = node.cache(Caches.JOBS);
        this.open = new OpenJobs(node);
        this.recent = new RecentJobs(node);
        this.packages = new PackageRecords(node);
    }

    public void create(Job job) {
        open.add(job.id(), job.createdAt(), job.lane(), job.owner());
        if (jobs.putIfAbsent(job.id(), Json.write(job)) != null) {
            throw new IllegalStateException("job " + job.id() + " exists already");
        }
        recent.add(job.id());
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(Json.read(jobs.get(id), Job.class));
    }

    /**
     * Applies {@code change} to the stored job atomically (retrying when another member changed it
     * meanwhile). A change that returns {@code null}, or any change to a job already in a final
     * state, is not applied. A job that reaches its final state leaves the open jobs and enters its
     * package's history.
     *
     * @return the stored job after the change, or empty when it was not applied
     */
    public Optional<Job> update(String id, UnaryOperator<Job> change) {
        Optional<Job> after = JsonRecords.update(jobs, id, Job.class,
                before -> before.state().isFinal() ? null : change.apply(before));
        after.filter(job -> job.state().isFinal()).ifPresent(job -> {
            packages.record(job);
            open.remove(id);
        });
        return after;
    }

    /**
     * Jobs waiting for a runner in the order they are offered ({@link QueueOrder}: interactive first, owners
     * taking turns, oldest first among equals), each record read only as the stream reaches it: a dispatch
     * pass that stops once every runner is full reads no more of a long queue than it hands out.
     */
    public Stream<Job> queued() {
        return openJobs().filter(job -> job.state() == JobState.QUEUED);
    }

    /** Jobs that a runner holds (dispatched or running). */
    public List<Job> withRunners() {
        return openJobs().filter(Job::isWithRunner).toList();
    }

    /**
     * Every job without a result, in turn, read one by one as the stream goes; entries of jobs that
     * ended meanwhile are dropped.
     */
    private Stream<Job> openJobs() {
        Instant now = Instant.now();
        return open.inTurn().stream().flatMap(entry -> stillOpen(entry, now).stream());
    }

    /** The open job behind {@code entry}; empty, with the entry dropped once stale, when it ended or never came. */
    private Optional<Job> stillOpen(OpenJobs.Entry entry, Instant now) {
        Optional<Job> job = find(entry.jobId());
        if (job.isPresent() && !job.get().state().isFinal()) {
            return job;
        }
        if (job.isPresent() || entry.createdAt().plus(CREATION_GRACE).isBefore(now)) {
            open.remove(entry.jobId());
        }
        return Optional.empty();
    }

    /** The most recently created jobs still stored, newest first. */
    public List<Job> recent(int limit) {
        return recent.newest(limit).stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /** A package's history, as the jobs that ended left it. */
    public Optional<PackageRecords.Record> packageRecord(String packageName) {
        return packages.of(packageName);
    }

    public Cache<String, String> cache() {
        return jobs;
    }
}
