package io.nodechecker.gateway.history;

import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.store.PackageRecords;
import io.nodechecker.model.JobState;
import io.nodechecker.model.TestCounts;
import jakarta.enterprise.context.ApplicationScoped;
import org.semver4j.Semver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A package's record, read from its history summary (one read, whatever the cluster holds): the
 * latest result of each version on each Node version, in version order,
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

    /**
     * An upload named like the package, or a run with overrides: shown apart, never part of the
     * package's record, its regressions or its badge.
     */
    public record OtherRun(String version, String node, PackageRecords.Kind kind, JobState outcome, String reason,
                           TestCounts tests, String jobId, Instant finishedAt) {
    }

    /**
     * What the history says about the package on one Node line.
     *
     * @param lastGood   the highest version that passed, or null
     * @param firstBad   the lowest version above {@code lastGood} that failed, or null
     * @param runs       finished runs recorded on this line, over every version
     * @param flips      how often the verdict changed between two runs of the same version
     * @param flakiness  {@code flips} over the runs that could flip, 0 to 1
     * @param flaky      whether the history calls it flaky: its verdict flipped at least {@value #FLAKY_FLIPS}
     *                   times with nothing changed
     * @param failure      what the newest version's latest run failed on (its first failing test and error), or null
     * @param failureSince since when its runs have failed on that
     */
    public record Line(String node, String lastGood, String firstBad, int runs, int flips, double flakiness,
                       boolean flaky, String failure, Instant failureSince) {
    }

    /** Flips of one version's verdict on one Node that make a package flaky there. */
    public static final int FLAKY_FLIPS = 2;

    /** The history, newest version first, each Node line's summary, and the other runs, newest first. */
    public record History(String packageName, List<Entry> results, List<Line> lines, List<OtherRun> otherRuns) {

        public boolean isEmpty() {
            return results.isEmpty() && otherRuns.isEmpty();
        }
    }

    public History of(String packageName) {
        Optional<PackageRecords.Record> record = jobs.packageRecord(packageName);
        List<PackageRecords.Result> ordered = new ArrayList<>(record.map(r -> r.results().values()).orElse(List.of()));
        ordered.sort(Comparator.comparing(PackageRecords.Result::node)
                .thenComparing(PackageRecords.Result::version, PackageHistory::compareVersions));
        List<Entry> entries = new ArrayList<>();
        Map<String, JobState> previousOnNode = new LinkedHashMap<>();
        for (PackageRecords.Result result : ordered) {
            JobState before = previousOnNode.put(result.node(), result.outcome());
            boolean regression = before == JobState.PASSED && isFailure(result.outcome());
            entries.add(new Entry(result.version(), result.node(), result.outcome(), result.reason(), result.tests(),
                    result.jobId(), result.finishedAt(), regression));
        }
        entries.sort(Comparator.comparing(Entry::version, PackageHistory::compareVersions).reversed()
                .thenComparing(Entry::node));
        List<OtherRun> others = record.map(found -> found.others().values().stream()
                .sorted(Comparator.comparing(PackageRecords.Result::finishedAt).reversed())
                .map(r -> new OtherRun(r.version(), r.node(), r.kind(), r.outcome(), r.reason(), r.tests(), r.jobId(),
                        r.finishedAt()))
                .toList()).orElse(List.of());
        return new History(packageName, entries, lines(ordered), others);
    }

    /** Each Node line's summary, from results ordered by Node and then by version. */
    private static List<Line> lines(List<PackageRecords.Result> ordered) {
        Map<String, List<PackageRecords.Result>> byNode = new LinkedHashMap<>();
        ordered.forEach(result -> byNode.computeIfAbsent(result.node(), n -> new ArrayList<>()).add(result));
        List<Line> lines = new ArrayList<>();
        byNode.forEach((node, results) -> {
            String lastGood = null;
            String firstBad = null;
            int runs = 0;
            int flips = 0;
            int couldFlip = 0;
            for (PackageRecords.Result result : results) {
                int ran = Math.max(result.runs(), 1);
                runs += ran;
                flips += result.flips();
                couldFlip += ran - 1;
                if (result.outcome() == JobState.PASSED) {
                    lastGood = result.version();
                    firstBad = null;
                } else if (firstBad == null && isFailure(result.outcome())) {
                    firstBad = result.version();
                }
            }
            PackageRecords.Result newest = results.get(results.size() - 1);
            lines.add(new Line(node, lastGood, firstBad, runs, flips, couldFlip == 0 ? 0 : (double) flips / couldFlip,
                    flips >= FLAKY_FLIPS, newest.failure(), newest.failureSince()));
        });
        return lines;
    }

    /** The summary of {@code packageName} on Node {@code node}, if it ran there. */
    public Optional<Line> line(String packageName, String node) {
        return of(packageName).lines().stream().filter(line -> line.node().equals(node)).findFirst();
    }

    /** The outcome of the package's most recently finished job that says something about the package. */
    public Optional<JobState> latestOutcome(String packageName) {
        return results(packageName).stream()
                .max(Comparator.comparing(PackageRecords.Result::finishedAt))
                .map(PackageRecords.Result::outcome);
    }

    private Collection<PackageRecords.Result> results(String packageName) {
        return jobs.packageRecord(packageName).map(record -> record.results().values())
                .orElse(List.of());
    }

    private static boolean isFailure(JobState state) {
        return state == JobState.FAILED || state == JobState.INSTALL_FAILED || state == JobState.TIMED_OUT;
    }

    /**
     * Semver precedence of exact versions (numbers as numbers, {@code beta.2} before {@code beta.10}, a
     * pre-release before its release, build metadata ignored); text order for anything that is not semver.
     */
    static int compareVersions(String a, String b) {
        Semver left = Semver.parse(a);
        Semver right = Semver.parse(b);
        if (left == null || right == null) {
            return left != null ? 1 : right != null ? -1 : a.compareTo(b);
        }
        int order = left.compareTo(right);
        return order != 0 ? order : a.compareTo(b);
    }
}
