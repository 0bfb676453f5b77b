package io.nodechecker.cluster;

import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import org.infinispan.Cache;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Jobs in the cluster, keyed by id. Changes go through compare-and-set so no transition is lost. */
public final class JobStore {

    // Scans read only the jobs in the state they look for: a cheap text test before parsing each one.
    private static final String STATE = "\"state\":\"";

    private final Cache<String, String> jobs;

    public JobStore(ClusterNode node) {
        this.jobs = node.cache(Caches.JOBS);
    }

    public void create(Job job) {
        if (jobs.putIfAbsent(job.id(), Json.write(job)) != null) {
            throw new IllegalStateException("job " + job.id() + " exists already");
        }
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(Json.read(jobs.get(id), Job.class));
    }

    /**
     * Applies {@code change} to the stored job atomically (retrying when another member changed it
     * meanwhile). A change that returns {@code null}, or any change to a job already in a final
     * state, is not applied.
     *
     * @return the stored job after the change, or empty when it was not applied
     */
    public Optional<Job> update(String id, UnaryOperator<Job> change) {
        while (true) {
            String current = jobs.get(id);
            if (current == null) {
                return Optional.empty();
            }
            Job before = Json.read(current, Job.class);
            if (before.state().isFinal()) {
                return Optional.empty();
            }
            Job after = change.apply(before);
            if (after == null) {
                return Optional.empty();
            }
            if (jobs.replace(id, current, Json.write(after))) {
                return Optional.of(after);
            }
        }
    }

    /** Jobs waiting for a runner, oldest first. */
    public List<Job> queued() {
        return jobs.values().stream()
                .filter(json -> json.contains(STATE + JobState.QUEUED + "\""))
                .map(json -> Json.read(json, Job.class))
                .filter(job -> job.state() == JobState.QUEUED)
                .sorted(Comparator.comparing(Job::createdAt))
                .toList();
    }

    /** Jobs that a runner holds (dispatched or running). */
    public List<Job> withRunners() {
        return jobs.values().stream()
                .filter(json -> json.contains(STATE + JobState.DISPATCHED + "\"")
                        || json.contains(STATE + JobState.RUNNING + "\""))
                .map(json -> Json.read(json, Job.class))
                .filter(Job::isWithRunner)
                .toList();
    }

    /** Every job of one package, oldest first. */
    public List<Job> ofPackage(String packageName) {
        String marker = "\"package\":" + Json.write(packageName) + ",";
        return jobs.values().stream()
                .filter(json -> json.contains(marker))
                .map(json -> Json.read(json, Job.class))
                .filter(job -> job.packageName().equals(packageName))
                .sorted(Comparator.comparing(Job::createdAt))
                .toList();
    }

    /** The most recently created jobs, newest first. */
    public List<Job> recent(int limit) {
        return jobs.values().stream()
                .map(json -> Json.read(json, Job.class))
                .sorted(Comparator.comparing(Job::createdAt).reversed())
                .limit(limit)
                .toList();
    }

    public Cache<String, String> cache() {
        return jobs;
    }
}
