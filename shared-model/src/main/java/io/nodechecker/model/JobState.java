package io.nodechecker.model;

/**
 * Where a job is in its lifecycle: {@code QUEUED → DISPATCHED → RUNNING → one final state}.
 * The final states double as the job's outcome.
 */
public enum JobState {
    QUEUED, DISPATCHED, RUNNING,
    PASSED, FAILED, INSTALL_FAILED, NO_TESTS, TIMED_OUT, ERRORED, CANCELLED;

    public boolean isFinal() {
        return ordinal() >= PASSED.ordinal();
    }
}
