package io.nodechecker.cluster;

import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.TestCounts;
import org.infinispan.Cache;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each package's history as one small record: the latest result of every version on every Node,
 * written when a job ends. It outlives the jobs and logs it summarises, and reading a package's
 * history is one read, however many jobs the cluster holds.
 */
public final class PackageRecords {

    /** One version on one Node, as its latest finished job left it. */
    public record Result(String version, String node, JobState outcome, String reason, TestCounts tests, String jobId,
                         Instant finishedAt) {
    }

    /** A package's results, keyed by {@code version + "\0" + node}. */
    public record Record(String packageName, Map<String, Result> results) {
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
        Result result = new Result(job.version(), job.node(), job.outcome(), job.reason(), job.tests(), job.id(),
                job.finishedAt());
        while (true) {
            String current = packages.get(job.packageName());
            Map<String, Result> results = new LinkedHashMap<>(current == null ? Map.of()
                    : Json.read(current, Record.class).results());
            Result before = results.get(key(result));
            if (before != null && before.finishedAt() != null && before.finishedAt().isAfter(result.finishedAt())) {
                return;
            }
            results.put(key(result), result);
            String next = Json.write(new Record(job.packageName(), results));
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

    private static String key(Result result) {
        return result.version() + "\u0000" + result.node();
    }
}
