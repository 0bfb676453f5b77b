package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch as stored: its entries with the job each became (none when skipped), and where its
 * completion callback stands.
 *
 * @param callbackSender  the gateway sending the callback while it is {@code SENDING}: another takes
 *                        over when that one leaves the cluster
 * @param callbackProblem why the callback failed, when it did
 * @param name            what the batch is called; runs of the same name can be compared
 * @param comparison      the baseline and candidate it compares, or {@code null}
 * @param retries         how many times a failed entry is rerun when it names no number itself
 * @param notes           what was said about the batch as a whole when it was made
 */
@RegisterForReflection
public record Batch(String id, List<Item> items, String callback, CallbackState callbackState, int callbackAttempts,
                    Instant createdAt, String callbackSender, String callbackProblem, String name,
                    Comparison comparison, int retries, List<String> notes) {

    public Batch(String id, List<Item> items, String callback, CallbackState callbackState, Instant createdAt) {
        this(id, items, callback, callbackState, 0, createdAt, null, null, null, null, 0, List.of());
    }

    /**
     * One entry and the job made of it (none when skipped); {@code earlierJobs} are the runs before
     * it that failed and were retried, oldest first.
     */
    @RegisterForReflection
    public record Item(BatchEntry entry, String jobId, List<String> earlierJobs) {

        public Item(BatchEntry entry, String jobId) {
            this(entry, jobId, List.of());
        }

        public int runs() {
            return (jobId == null ? 0 : 1) + (earlierJobs == null ? 0 : earlierJobs.size());
        }

        /** This item after its job {@code jobId} failed and {@code retry} was made to run it again. */
        public Item retried(String retry) {
            List<String> earlier = new ArrayList<>(earlierJobs == null ? List.of() : earlierJobs);
            earlier.add(jobId);
            return new Item(entry, retry, List.copyOf(earlier));
        }
    }

    /**
     * What the batch compares: two Node majors of this batch ({@code baselineBatch} null), or this run
     * against {@code baselineBatch}, the previous run of the same name.
     *
     * @param confirm how many more runs a failure on one side, where the other side passed, gets before the
     *                difference counts (an experiment's; 0 for a batch)
     */
    @RegisterForReflection
    public record Comparison(String baseline, String candidate, String baselineBatch, int confirm) {

        public Comparison(String baseline, String candidate, String baselineBatch) {
            this(baseline, candidate, baselineBatch, 0);
        }
    }

    public Batch withItems(List<Item> changed) {
        return new Batch(id, changed, callback, callbackState, callbackAttempts, createdAt, callbackSender,
                callbackProblem, name, comparison, retries, notes);
    }

    /** Where the completion callback stands. */
    public enum CallbackState { NONE, PENDING, SENDING, DELIVERED, FAILED }

    /** Being sent by gateway {@code sender}. */
    public Batch sending(String sender) {
        return new Batch(id, items, callback, CallbackState.SENDING, callbackAttempts, createdAt, sender, null, name,
                comparison, retries, notes);
    }

    public Batch delivered(int attempts) {
        return new Batch(id, items, callback, CallbackState.DELIVERED, callbackAttempts + attempts, createdAt, null, null,
                name, comparison, retries, notes);
    }

    public Batch failed(int attempts, String problem) {
        return new Batch(id, items, callback, CallbackState.FAILED, callbackAttempts + attempts, createdAt, null, problem,
                name, comparison, retries, notes);
    }
}
