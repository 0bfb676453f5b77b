package io.nodechecker.gateway.batch;

import io.nodechecker.model.Batch;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.TestCounts;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A batch with where each of its packages stands and what it counts as: the progress answer, the
 * callback's body and the source of every report.
 *
 * @param passed true once done with no failure (expected failures and flaky ones do not count)
 */
public record BatchView(String id, boolean done, int total, Map<JobState, Integer> states, boolean passed,
                        List<ItemView> items, CallbackView callback, Map<String, String> links) {

    /**
     * Where the completion callback stands: {@code gateway} names the member sending it while
     * {@code SENDING}; {@code problem} says why it {@code FAILED}.
     */
    public record CallbackView(String url, Batch.CallbackState state, int attempts, String gateway, String problem) {
    }

    /** What one package of the batch counts as in a report. */
    public enum Verdict { PASS, FAIL, SKIP, FLAKY, PENDING }

    /** One package: its job's state and what that counts as. */
    public record ItemView(String packageName, String version, String node, String jobId, JobState state,
                           String reason, TestCounts tests, Double seconds, Verdict verdict) {
    }

    static BatchView of(Batch batch, Map<String, Job> jobs) {
        List<ItemView> items = batch.items().stream().map(item -> item(item, jobs.get(item.jobId()))).toList();
        Map<JobState, Integer> states = new TreeMap<>();
        items.stream().filter(i -> i.state() != null).forEach(i -> states.merge(i.state(), 1, Integer::sum));
        boolean done = items.stream().noneMatch(i -> i.verdict() == Verdict.PENDING);
        boolean passed = done && items.stream().noneMatch(i -> i.verdict() == Verdict.FAIL);
        String self = "/api/batches/" + batch.id();
        CallbackView callback = batch.callback() == null ? null : new CallbackView(batch.callback(),
                batch.callbackState(), batch.callbackAttempts(), batch.callbackSender(), batch.callbackProblem());
        return new BatchView(batch.id(), done, items.size(), states, passed, items, callback,
                Map.of("self", self, "junit", self + "/report.xml", "tap", self + "/report.tap",
                        "markdown", self + "/report.md"));
    }

    private static ItemView item(Batch.Item item, Job job) {
        var entry = item.entry();
        if (job == null) {
            return new ItemView(entry.packageName(), entry.version(), entry.node(), null, null, "skipped", null, null,
                    Verdict.SKIP);
        }
        Double seconds = job.startedAt() == null || job.finishedAt() == null ? null
                : (job.finishedAt().toEpochMilli() - job.startedAt().toEpochMilli()) / 1000.0;
        return new ItemView(job.packageName(), job.version(), job.node(), job.id(), job.state(), reason(job, entry),
                job.tests(), seconds, verdict(job, entry));
    }

    private static Verdict verdict(Job job, io.nodechecker.model.BatchEntry entry) {
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
        if (failed) {
            return entry.isFlaky() ? Verdict.FLAKY : Verdict.FAIL;
        }
        return Verdict.PASS;
    }

    private static String reason(Job job, io.nodechecker.model.BatchEntry entry) {
        if (job.reason() == null) {
            return null;
        }
        if (entry.failureExpected()) {
            return (job.state() == JobState.PASSED ? "passed, but a failure was expected: " : "expected failure: ")
                    + job.reason();
        }
        return entry.isFlaky() && job.state() != JobState.PASSED ? "flaky: " + job.reason() : job.reason();
    }
}
