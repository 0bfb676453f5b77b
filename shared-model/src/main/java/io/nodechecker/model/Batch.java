package io.nodechecker.model;

import java.time.Instant;
import java.util.List;

/**
 * A batch as stored: its entries with the job each became (none when skipped), and where its
 * completion callback stands.
 */
public record Batch(String id, List<Item> items, String callback, CallbackState callbackState, int callbackAttempts,
                    Instant createdAt) {

    /** One entry and the job made of it. */
    public record Item(BatchEntry entry, String jobId) {
    }

    /** Where the completion callback stands. */
    public enum CallbackState { NONE, PENDING, SENDING, DELIVERED, FAILED }

    public Batch withCallback(CallbackState state, int attempts) {
        return new Batch(id, items, callback, state, attempts, createdAt);
    }
}
