package io.nodechecker.gateway.batch;

import io.nodechecker.model.Batch;
import io.nodechecker.model.BatchEntry;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.JobState;
import io.nodechecker.model.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BatchViewTest {

    private final Map<String, Job> jobs = new HashMap<>();
    private final List<Batch.Item> items = new ArrayList<>();

    @Test
    void comparesTwoNodeMajorsAndSetsFlakyOnesApart() {
        item("a", "20", 0, false, JobState.PASSED);
        item("a", "22", 0, false, JobState.FAILED);       // newly failing
        item("b", "20", 0, false, JobState.FAILED);
        item("b", "22", 0, false, JobState.PASSED);       // fixed
        item("c", "20", 0, false, JobState.FAILED);
        item("c", "22", 0, false, JobState.FAILED);       // failing on both
        item("d", "20", 0, false, JobState.PASSED);
        item("d", "22", 2, true, JobState.FAILED, JobState.FAILED, JobState.FAILED); // flaky
        item("e", "20", 0, false, JobState.PASSED);
        item("e", "22", 0, false, JobState.PASSED);

        BatchView view = view(new Batch.Comparison("20", "22", null));

        assertThat(view.comparison().newlyFailing()).containsExactly("a");
        assertThat(view.comparison().fixed()).containsExactly("b");
        assertThat(view.comparison().stillFailing()).containsExactly("c");
        assertThat(view.comparison().flaky()).containsExactly("d");
        assertThat(view.comparison().done()).isTrue();
        assertThat(view.comparison().rows()).extracting(BatchView.Row::change).containsExactly(
                BatchView.Change.NEWLY_FAILING, BatchView.Change.FIXED, BatchView.Change.STILL_FAILING,
                BatchView.Change.FLAKY, BatchView.Change.PASSING);
        assertThat(BatchReports.markdown(view)).contains("### Newly failing on 22 (passing on 20)")
                .contains("- **a**: npm test failed").contains("**Flaky, set apart");
        assertThat(BatchReports.junit(view)).contains("name=\"newly failing on 22 compared with 20\" tests=\"5\" failures=\"1\"");
    }

    @Test
    void aFailureWithRetriesLeftIsPendingAndAPassOnARetrySaysWhichAttempt() {
        item("x", "22", 2, false, JobState.FAILED);
        item("y", "22", 2, false, JobState.FAILED, JobState.PASSED);
        item("z", "22", 1, false, JobState.FAILED, JobState.FAILED);

        BatchView view = view(null);

        assertThat(view.done()).isFalse();
        assertThat(view.items().get(0).verdict()).isEqualTo(BatchView.Verdict.PENDING);
        assertThat(view.items().get(0).reason()).startsWith("attempt 1 failed, it runs again");
        assertThat(view.items().get(1).verdict()).isEqualTo(BatchView.Verdict.PASS);
        assertThat(view.items().get(1).reason()).startsWith("passed on attempt 2 of 3: ");
        assertThat(view.items().get(1).runs()).isEqualTo(2);
        assertThat(view.items().get(2).verdict()).isEqualTo(BatchView.Verdict.FAIL);
        assertThat(view.items().get(2).reason()).startsWith("failed on every attempt, the last 2 of 2: ");
    }

    @Test
    void aDifferenceRunsAgainUntilConfirmedAndOnlyThenCounts() {
        item("once", "24", 0, false, JobState.PASSED);
        item("once", "26", 0, false, JobState.FAILED);            // failed once: confirming
        item("held", "24", 0, false, JobState.PASSED);
        item("held", "26", 0, false, JobState.FAILED, JobState.FAILED, JobState.FAILED); // confirmed
        item("gone", "24", 0, false, JobState.PASSED);
        item("gone", "26", 0, false, JobState.FAILED, JobState.PASSED);  // did not hold
        item("both", "24", 0, false, JobState.FAILED);
        item("both", "26", 0, false, JobState.FAILED);            // no difference: nothing to confirm
        item("fixed", "24", 0, false, JobState.INSTALL_FAILED, JobState.INSTALL_FAILED, JobState.INSTALL_FAILED);
        item("fixed", "26", 0, false, JobState.PASSED);
        item("ours", "24", 0, false, JobState.PASSED);
        item("ours", "26", 0, false, JobState.ERRORED);

        BatchView view = view(new Batch.Comparison("24", "26", null, 2));

        assertThat(view.items().get(1).verdict()).isEqualTo(BatchView.Verdict.PENDING);
        assertThat(view.items().get(1).rerun()).isTrue();
        assertThat(view.items().get(1).reason()).startsWith("passes on Node 24: run 2 of 3 confirms the failure");
        assertThat(view.items().get(3).rerun()).isFalse();
        assertThat(view.items().get(7).rerun()).isFalse();
        assertThat(view.done()).isFalse();
        assertThat(view.comparison().rows()).extracting(BatchView.Row::change).containsExactly(
                BatchView.Change.PENDING, BatchView.Change.NEWLY_FAILING, BatchView.Change.FLAKY,
                BatchView.Change.STILL_FAILING, BatchView.Change.FIXED, BatchView.Change.ERRORED);
    }

    @Test
    void withoutConfirmationADifferenceCountsAtOnce() {
        item("once", "24", 0, false, JobState.PASSED);
        item("once", "26", 0, false, JobState.FAILED);

        BatchView view = view(new Batch.Comparison("24", "26", null));

        assertThat(view.items().get(1).rerun()).isFalse();
        assertThat(view.comparison().newlyFailing()).containsExactly("once");
    }

    @Test
    void comparingWithThePreviousRunMatchesPackagesOnTheSameNode() {
        item("a", "22", 0, false, JobState.PASSED);
        Batch previous = batch(null);
        Map<String, Job> previousJobs = new HashMap<>(jobs);
        items.clear();
        item("a", "22", 0, false, JobState.FAILED);

        Batch current = batch(new Batch.Comparison("batch " + previous.id(), "this run", previous.id()));
        BatchView view = BatchView.of(current, new BatchView.Runs(current, jobs), new BatchView.Runs(previous, previousJobs));

        assertThat(view.comparison().newlyFailing()).containsExactly("a on Node 22");
    }

    /** An item whose runs ended in {@code states}, oldest first. */
    private void item(String name, String node, int retries, boolean flaky, JobState... states) {
        List<String> ids = new ArrayList<>();
        for (JobState state : states) {
            String id = name + node + "-" + ids.size() + "-" + jobs.size();
            jobs.put(id, Job.queued(id, Instant.now()).packageName(name).requestedVersion("latest").version("1.0.0")
                    .node(node).network(NetworkPolicy.INSTALL_ONLY).source(JobSource.REGISTRY).maxAttempts(3).build().finished(state, "npm test " + (state == JobState.PASSED ? "passed" : "failed"),
                    state == JobState.PASSED ? 0 : 1, 1, Instant.now()));
            ids.add(id);
        }
        BatchEntry entry = new BatchEntry(name, "latest", node, null, null, null, flaky ? true : null, null, null, null,
                retries, null, null, null);
        items.add(new Batch.Item(entry, ids.get(ids.size() - 1), List.copyOf(ids.subList(0, ids.size() - 1))));
    }

    private Batch batch(Batch.Comparison comparison) {
        return new Batch("b" + items.hashCode(), List.copyOf(items), null, Batch.CallbackState.NONE, 0, Instant.now(),
                null, null, "nightly", comparison, 0, List.of());
    }

    private BatchView view(Batch.Comparison comparison) {
        Batch batch = batch(comparison);
        return BatchView.of(batch, new BatchView.Runs(batch, jobs), null);
    }
}
