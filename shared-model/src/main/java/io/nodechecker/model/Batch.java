package io.nodechecker.model;

import java.time.Instant;
import java.util.List;

/**
 * A batch as stored: its entries with the job each became (none when skipped), and where its
 * completion callback stands.
 *
 * @param callbackSender  the gateway sending the callback while it is {@code SENDING}: another takes
 *                        over when that one leaves the cluster
 * @param callbackProblem why the callback failed, when it did
 */
public record Batch(String id, List<Item> items, String callback, CallbackState callbackState, int callbackAttempts,
                    Instant createdAt, String callbackSender, String callbackProblem) {

    public Batch(String id, List<Item> items, String callback, CallbackState callbackState, Instant createdAt) {
        this(id, items, callback, callbackState, 0, createdAt, null, null);
    }

    /** One entry and the job made of it. */
    public record Item(BatchEntry entry, String jobId) {
    }

    /** Where the completion callback stands. */
    public enum CallbackState { NONE, PENDING, SENDING, DELIVERED, FAILED }

    /** Being sent by gateway {@code sender}. */
    public Batch sending(String sender) {
        return new Batch(id, items, callback, CallbackState.SENDING, callbackAttempts, createdAt, sender, null);
    }

    public Batch delivered(int attempts) {
        return new Batch(id, items, callback, CallbackState.DELIVERED, callbackAttempts + attempts, createdAt, null, null);
    }

    public Batch failed(int attempts, String problem) {
        return new Batch(id, items, callback, CallbackState.FAILED, callbackAttempts + attempts, createdAt, null, problem);
    }
}
