package io.nodechecker.gateway.history;

import io.nodechecker.cluster.JobStore;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.TestCounts;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A package's record: the latest result of each version on each Node version, in version order,
 * with a regression flagged where a version fails on a Node version on which the version before it
 * passed.
 */
@ApplicationScoped
public class PackageHistory {

    private final JobStore jobs;

    PackageHistory(JobStore jobs) {
        this.jobs = jobs;
    }

    /** One version on one Node version, as its latest finished job left it. */
    public record Entry(String version, String node, JobState outcome, String reason, TestCounts tests, String jobId,
                        Instant finishedAt, boolean regression) {
    }

    /** The history, newest version first. */
    public record History(String packageName, List<Entry> results) {
    }

    public History of(String packageName) {
        Map<String, Job> latest = new LinkedHashMap<>();
        for (Job job : jobs.ofPackage(packageName)) {
            if (counts(job)) {
                latest.put(job.version() + "\u0000" + job.node(), job);
            }
        }
        List<Job> ordered = new ArrayList<>(latest.values());
        ordered.sort(Comparator.comparing(Job::node).thenComparing(Job::version, PackageHistory::compareVersions));
        List<Entry> entries = new ArrayList<>();
        Map<String, JobState> previousOnNode = new LinkedHashMap<>();
        for (Job job : ordered) {
            JobState before = previousOnNode.put(job.node(), job.outcome());
            boolean regression = before == JobState.PASSED && isFailure(job.outcome());
            entries.add(new Entry(job.version(), job.node(), job.outcome(), job.reason(), job.tests(), job.id(),
                    job.finishedAt(), regression));
        }
        entries.sort(Comparator.comparing(Entry::version, PackageHistory::compareVersions).reversed()
                .thenComparing(Entry::node));
        return new History(packageName, entries);
    }

    /** The outcome of the package's most recently finished job that says something about the package. */
    public Optional<JobState> latestOutcome(String packageName) {
        return jobs.ofPackage(packageName).stream()
                .filter(PackageHistory::counts)
                .max(Comparator.comparing(Job::finishedAt))
                .map(Job::outcome);
    }

    // ERRORED and CANCELLED say nothing about the package itself.
    private static boolean counts(Job job) {
        return job.state().isFinal() && job.outcome() != JobState.ERRORED && job.outcome() != JobState.CANCELLED;
    }

    private static boolean isFailure(JobState state) {
        return state == JobState.FAILED || state == JobState.INSTALL_FAILED || state == JobState.TIMED_OUT;
    }

    /** Semver order of exact versions: numbers compared as numbers, a pre-release before its release. */
    static int compareVersions(String a, String b) {
        String[] pa = a.split("[-+]", 2);
        String[] pb = b.split("[-+]", 2);
        String[] na = pa[0].split("\\.");
        String[] nb = pb[0].split("\\.");
        for (int i = 0; i < Math.max(na.length, nb.length); i++) {
            long x = i < na.length ? parse(na[i]) : 0;
            long y = i < nb.length ? parse(nb[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        boolean preA = pa.length > 1 && a.contains("-");
        boolean preB = pb.length > 1 && b.contains("-");
        if (preA != preB) {
            return preA ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
