package io.nodechecker.gateway.batch;

import io.nodechecker.model.Batch;
import io.nodechecker.model.BatchEntry;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.TestCounts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A batch with where each of its packages stands and what it counts as: the progress answer, the
 * callback's body and the source of every report.
 *
 * @param passed     true once done with no failure (expected failures and flaky ones do not count)
 * @param comparison baseline against candidate, when the batch compares
 */
public record BatchView(String id, String name, boolean done, int total, Map<JobState, Integer> states, boolean passed,
                        List<ItemView> items, ComparisonView comparison, List<String> notes, CallbackView callback,
                        Map<String, String> links) {

    /**
     * Where the completion callback stands: {@code gateway} names the member sending it while
     * {@code SENDING}; {@code problem} says why it {@code FAILED}.
     */
    public record CallbackView(String url, Batch.CallbackState state, int attempts, String gateway, String problem) {
    }

    /** What one package of the batch counts as in a report. */
    public enum Verdict { PASS, FAIL, SKIP, FLAKY, PENDING }

    /**
     * One package on one Node: its latest run's state and what that counts as.
     *
     * @param runs        how many times it ran (retries after failures included)
     * @param earlierJobs the runs before the latest, which failed
     * @param notes       what of its lookup entry could not be honoured
     * @param rerun       its latest run failed and it runs again: a retry, or a difference being confirmed
     */
    public record ItemView(String packageName, String version, String node, String jobId, JobState state,
                           String reason, TestCounts tests, Double seconds, Verdict verdict, int runs,
                           List<String> earlierJobs, List<String> notes, boolean rerun) {

        /** The same item, run again to confirm that it differs from the other side, which passed. */
        ItemView confirming(String otherSide, int confirm) {
            return new ItemView(packageName, version, node, jobId, state, "passes on " + otherSide + ": run "
                    + (runs + 1) + " of " + (confirm + 1) + " confirms the failure (" + reason + ")", tests, seconds,
                    Verdict.PENDING, runs, earlierJobs, notes, true);
        }
    }

    /** How a package changed from the baseline to the candidate. */
    public enum Change { NEWLY_FAILING, FIXED, STILL_FAILING, PASSING, FLAKY, SKIPPED, PENDING, MISSING, ERRORED }

    /** One package in both columns. */
    public record Row(String packageName, ItemView baseline, ItemView candidate, Change change) {
    }

    /**
     * The diff of a batch: packages that pass on the baseline and fail on the candidate, those fixed,
     * those failing on both, and flaky ones (marked flaky, or passing only on a retry) set apart.
     */
    public record ComparisonView(String baseline, String candidate, boolean done, List<String> newlyFailing,
                                 List<String> fixed, List<String> stillFailing, List<String> flaky, List<Row> rows) {
    }

    /** A batch and the jobs its items ran, by id. */
    record Runs(Batch batch, Map<String, Job> jobs) {
    }

    static BatchView of(Batch batch, Runs runs, Runs baseline) {
        List<ItemView> items = batch.items().stream().map(item -> item(item, runs.jobs())).toList();
        if (batch.comparison() != null && batch.comparison().confirm() > 0 && batch.comparison().baselineBatch() == null) {
            items = confirmingDifferences(batch.comparison(), items);
        }
        Map<JobState, Integer> states = new TreeMap<>();
        items.stream().filter(i -> i.state() != null).forEach(i -> states.merge(i.state(), 1, Integer::sum));
        boolean done = items.stream().noneMatch(i -> i.verdict() == Verdict.PENDING);
        boolean passed = done && items.stream().noneMatch(i -> i.verdict() == Verdict.FAIL);
        String self = "/api/batches/" + batch.id();
        CallbackView callback = batch.callback() == null ? null : new CallbackView(batch.callback(),
                batch.callbackState(), batch.callbackAttempts(), batch.callbackSender(), batch.callbackProblem());
        ComparisonView comparison = batch.comparison() == null ? null : compare(batch.comparison(), items,
                baseline == null ? null : baseline.batch().items().stream().map(item -> item(item, baseline.jobs())).toList());
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self);
        links.put("page", "/batch.html?id=" + batch.id());
        links.put("junit", self + "/report.xml");
        links.put("tap", self + "/report.tap");
        links.put("markdown", self + "/report.md");
        return new BatchView(batch.id(), batch.name(), done, items.size(), states, passed, items, comparison,
                batch.notes() == null ? List.of() : batch.notes(), callback, links);
    }

    private static ItemView item(Batch.Item item, Map<String, Job> jobs) {
        BatchEntry entry = item.entry();
        List<String> earlier = item.earlierJobs() == null ? List.of() : item.earlierJobs();
        List<String> notes = entry.notes() == null ? List.of() : entry.notes();
        Job job = item.jobId() == null ? null : jobs.get(item.jobId());
        if (item.jobId() == null) {
            return new ItemView(entry.packageName(), entry.version(), entry.node(), null, null, "skipped", null, null,
                    Verdict.SKIP, 0, earlier, notes, false);
        }
        if (job == null) { // expired with its records, or not visible yet
            return new ItemView(entry.packageName(), entry.version(), entry.node(), item.jobId(), null, null, null,
                    null, Verdict.PENDING, item.runs(), earlier, notes, false);
        }
        Double seconds = job.startedAt() == null || job.finishedAt() == null ? null
                : (job.finishedAt().toEpochMilli() - job.startedAt().toEpochMilli()) / 1000.0;
        Verdict verdict = verdict(job, entry, item.runs());
        boolean rerun = verdict == Verdict.PENDING && job.state().isFinal();
        return new ItemView(job.packageName(), job.version(), job.node(), job.id(), job.state(),
                reason(job, entry, item.runs(), verdict), job.tests(), seconds, verdict, item.runs(), earlier, notes,
                rerun);
    }

    /**
     * A package that passes on one side and fails on the other runs again on the failing side, up to
     * {@code confirm} more times, before the difference counts: until then that side is pending.
     */
    private static List<ItemView> confirmingDifferences(Batch.Comparison comparison, List<ItemView> items) {
        Map<String, Integer> baselines = new LinkedHashMap<>();
        Map<String, Integer> candidates = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            ItemView item = items.get(i);
            (comparison.baseline().equals(item.node()) ? baselines : candidates).put(item.packageName(), i);
        }
        List<ItemView> confirmed = new ArrayList<>(items);
        baselines.forEach((name, b) -> {
            Integer c = candidates.get(name);
            if (c == null) {
                return;
            }
            ItemView baseline = items.get(b);
            ItemView candidate = items.get(c);
            if (differs(candidate, baseline, comparison.confirm())) {
                confirmed.set(c, candidate.confirming("Node " + baseline.node(), comparison.confirm()));
            } else if (differs(baseline, candidate, comparison.confirm())) {
                confirmed.set(b, baseline.confirming("Node " + candidate.node(), comparison.confirm()));
            }
        });
        return confirmed;
    }

    /** Whether {@code failing} failed (a failure of the package) where {@code passing} passed, with runs to spare. */
    private static boolean differs(ItemView failing, ItemView passing, int confirm) {
        return failing.verdict() == Verdict.FAIL && retryable(failing.state()) && failing.runs() < confirm + 1
                && passing.verdict() == Verdict.PASS && passing.state() == JobState.PASSED;
    }

    /** Whether a job's end is a failure of the package that a retry may turn around. */
    static boolean retryable(JobState state) {
        return state == JobState.FAILED || state == JobState.TIMED_OUT || state == JobState.INSTALL_FAILED;
    }

    private static Verdict verdict(Job job, BatchEntry entry, int runs) {
        if (!job.state().isFinal()) {
            return Verdict.PENDING;
        }
        boolean failed = job.state() != JobState.PASSED && job.state() != JobState.NO_TESTS;
        if (entry.failureExpected()) {
            return failed ? Verdict.PASS : Verdict.FAIL;
        }
        if (job.state() == JobState.NO_TESTS) {
            return Verdict.SKIP;
        }
        if (failed && retryable(job.state()) && runs - 1 < entry.retriesOrZero()) {
            return Verdict.PENDING; // it runs again
        }
        if (failed) {
            return entry.isFlaky() ? Verdict.FLAKY : Verdict.FAIL;
        }
        return Verdict.PASS;
    }

    private static String reason(Job job, BatchEntry entry, int runs, Verdict verdict) {
        if (job.reason() == null) {
            return null;
        }
        if (entry.failureExpected()) {
            return (job.state() == JobState.PASSED ? "passed, but a failure was expected: " : "expected failure: ")
                    + job.reason();
        }
        if (verdict == Verdict.PENDING) {
            return "attempt " + runs + " failed, it runs again: " + job.reason();
        }
        String attempt = runs > 1 ? (job.state() == JobState.PASSED ? "passed on attempt " : "failed on every attempt, the last ")
                + runs + " of " + (entry.retriesOrZero() + 1) + ": " : "";
        return (entry.isFlaky() && job.state() != JobState.PASSED ? "flaky: " : "") + attempt + job.reason();
    }

    private static ComparisonView compare(Batch.Comparison comparison, List<ItemView> items, List<ItemView> previous) {
        Map<String, ItemView> baseline = new LinkedHashMap<>();
        Map<String, ItemView> candidate = new LinkedHashMap<>();
        if (comparison.baselineBatch() == null) {
            // Two Node majors of this batch: a package is a row.
            items.stream().filter(i -> comparison.baseline().equals(i.node())).forEach(i -> baseline.put(i.packageName(), i));
            items.stream().filter(i -> comparison.candidate().equals(i.node())).forEach(i -> candidate.put(i.packageName(), i));
        } else {
            // This run against the previous one: a package on a Node is a row.
            if (previous != null) {
                previous.forEach(i -> baseline.put(i.packageName() + " on Node " + i.node(), i));
            }
            items.forEach(i -> candidate.put(i.packageName() + " on Node " + i.node(), i));
        }
        List<String> keys = new ArrayList<>(baseline.keySet());
        candidate.keySet().stream().filter(key -> !baseline.containsKey(key)).forEach(keys::add);
        List<Row> rows = new ArrayList<>();
        Map<Change, List<String>> by = new TreeMap<>();
        for (String key : keys) {
            Change change = change(baseline.get(key), candidate.get(key));
            rows.add(new Row(key, baseline.get(key), candidate.get(key), change));
            by.computeIfAbsent(change, c -> new ArrayList<>()).add(key);
        }
        boolean done = rows.stream().noneMatch(row -> row.change() == Change.PENDING);
        return new ComparisonView(comparison.baseline(), comparison.candidate(), done,
                by.getOrDefault(Change.NEWLY_FAILING, List.of()), by.getOrDefault(Change.FIXED, List.of()),
                by.getOrDefault(Change.STILL_FAILING, List.of()), by.getOrDefault(Change.FLAKY, List.of()), rows);
    }

    private static final Set<Verdict> FAILING = Set.of(Verdict.FAIL, Verdict.FLAKY);

    /** The service's failure, never the package's: it says nothing about either Node. */
    public static boolean ours(JobState state) {
        return state == JobState.ERRORED || state == JobState.CANCELLED;
    }

    private static boolean passedOnRetry(ItemView item) {
        return item.runs() > 1 && item.state() == JobState.PASSED;
    }

    static Change change(ItemView baseline, ItemView candidate) {
        if (baseline == null || candidate == null) {
            return Change.MISSING;
        }
        if (baseline.verdict() == Verdict.PENDING || candidate.verdict() == Verdict.PENDING) {
            return Change.PENDING;
        }
        if (baseline.verdict() == Verdict.SKIP || candidate.verdict() == Verdict.SKIP) {
            return Change.SKIPPED;
        }
        if (ours(baseline.state()) || ours(candidate.state())) {
            return Change.ERRORED;
        }
        // Marked flaky, failing flakily, or passing only on a retry: not a verdict on the candidate.
        if (baseline.verdict() == Verdict.FLAKY || candidate.verdict() == Verdict.FLAKY
                || passedOnRetry(baseline) || passedOnRetry(candidate)) {
            return Change.FLAKY;
        }
        boolean before = FAILING.contains(baseline.verdict());
        boolean after = FAILING.contains(candidate.verdict());
        if (!before && after) {
            return Change.NEWLY_FAILING;
        }
        if (before && !after) {
            return Change.FIXED;
        }
        return before ? Change.STILL_FAILING : Change.PASSING;
    }
}
