package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.JobState;
import io.nodechecker.model.TestCounts;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.infinispan.Cache;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each package's history as one small record: the latest result of every version on every Node,
 * written when a job ends. It outlives the jobs and logs it summarises, and reading a package's
 * history is one read, however many jobs the cluster holds.
 * <p>
 * The record is the registry's package as its author set it up: only jobs that fetched it from the
 * registry with no overrides make it. An uploaded tarball may carry any name and version, and an
 * override changes what is tested, so those runs are kept apart ({@link Record#others()}), the latest
 * {@link #OTHERS_KEPT} of them, and never make a regression or the badge.
 */
public final class PackageRecords {

    /** Most runs of uploads and overridden runs a package's record keeps. */
    static final int OTHERS_KEPT = 50;

    /** Why a run is not part of the package's record. */
    public enum Kind {
        /** The package came from a tarball uploaded with the job. */
        UPLOAD,
        /** The job changed the test script, the environment or the install flags. */
        OVERRIDES
    }

    /**
     * One version on one Node, as its latest finished job left it; {@code kind} is null in the record proper.
     *
     * @param runs  how many finished runs of this version on this Node were recorded
     * @param flips how many of them passed where the run before failed, or failed where it passed: the same
     *              code on the same Node giving another verdict
     * @param failure      what the latest run's tests failed on, or null
     * @param failureSince when a run of this version here first failed on {@code failure}, in the streak of runs
     *                     that have failed on it since
     */
    @RegisterForReflection
    public record Result(String version, String node, JobState outcome, String reason, TestCounts tests, String jobId,
                         Instant finishedAt, Kind kind, int runs, int flips, String failure, Instant failureSince) {

        public Result(String version, String node, JobState outcome, String reason, TestCounts tests, String jobId,
                      Instant finishedAt, Kind kind) {
            this(version, node, outcome, reason, tests, jobId, finishedAt, kind, 1, 0, null, null);
        }

        /** This result followed by {@code next}, a later run of the same version on the same Node. */
        Result then(Result next) {
            boolean flipped = (outcome == JobState.PASSED) != (next.outcome() == JobState.PASSED);
            boolean same = next.failure() != null && next.failure().equals(failure);
            return new Result(next.version(), next.node(), next.outcome(), next.reason(), next.tests(), next.jobId(),
                    next.finishedAt(), next.kind(), Math.max(runs, 1) + 1, flips + (flipped ? 1 : 0), next.failure(),
                    same && failureSince != null ? failureSince : next.failureSince());
        }
    }

    /**
     * A package's results, keyed by {@code version + "\0" + node}, and its other runs, keyed by
     * {@code version + "\0" + node + "\0" + kind}.
     */
    @RegisterForReflection
    public record Record(String packageName, Map<String, Result> results, Map<String, Result> others) {

        public Record {
            results = results == null ? Map.of() : results;
            // Records written before uploads were kept apart have none.
            others = others == null ? Map.of() : others;
        }
    }

    private final Cache<String, String> packages;

    PackageRecords(ClusterNode node) {
        this.packages = node.cache(Caches.PACKAGES);
    }

    /** Records a finished job, when it says something about its package. */
    void record(Job job) {
        if (!counts(job)) {
            return;
        }
        Kind kind = kindOf(job);
        Result result = new Result(job.version(), job.node(), job.outcome(), job.reason(), job.tests(), job.id(),
                job.finishedAt(), kind, 1, 0, job.failure(), job.failure() == null ? null : job.finishedAt());
        while (true) {
            String current = packages.get(job.packageName());
            Record record = current == null ? new Record(job.packageName(), Map.of(), Map.of())
                    : Json.read(current, Record.class);
            Map<String, Result> results = new LinkedHashMap<>(record.results());
            Map<String, Result> others = new LinkedHashMap<>(record.others());
            Map<String, Result> into = kind == null ? results : others;
            Result before = into.get(key(result));
            if (before != null && before.finishedAt() != null && before.finishedAt().isAfter(result.finishedAt())) {
                return;
            }
            into.put(key(result), before == null ? result : before.then(result));
            if (others.size() > OTHERS_KEPT) {
                others.values().stream().min(Comparator.comparing(Result::finishedAt))
                        .ifPresent(oldest -> others.remove(key(oldest)));
            }
            String next = Json.write(new Record(job.packageName(), results, others));
            boolean stored = current == null ? packages.putIfAbsent(job.packageName(), next) == null
                    : packages.replace(job.packageName(), current, next);
            if (stored) {
                return;
            }
        }
    }

    public Optional<Record> of(String packageName) {
        return Optional.ofNullable(Json.read(packages.get(packageName), Record.class));
    }

    // ERRORED and CANCELLED say nothing about the package itself.
    static boolean counts(Job job) {
        return job.state().isFinal() && job.outcome() != JobState.ERRORED && job.outcome() != JobState.CANCELLED;
    }

    /** Null for a run of the registry's package as published; otherwise why it is kept apart. */
    static Kind kindOf(Job job) {
        if (job.source() != JobSource.REGISTRY) {
            return Kind.UPLOAD;
        }
        return job.effectiveOverrides().isNone() ? null : Kind.OVERRIDES;
    }

    private static String key(Result result) {
        String key = result.version() + "\u0000" + result.node();
        return result.kind() == null ? key : key + "\u0000" + result.kind();
    }
}
