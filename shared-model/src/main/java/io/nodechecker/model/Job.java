package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to test one package on one Node version, and everything known about its run.
 * Immutable: every transition returns a new job, so the cluster stores whole values.
 *
 * @param requestedVersion what was asked for ({@code latest}, a dist-tag or an exact version)
 * @param version          the exact version that was tested
 * @param outcome          the final state once there is one, else {@code null}
 * @param reason           a human-readable sentence on why the job ended as it did
 * @param outputChunks     how many output chunks the job wrote in all; set with the final state
 */
public record Job(
        String id,
        @JsonProperty("package") String packageName,
        String requestedVersion,
        String version,
        String node,
        JobSource source,
        JobState state,
        JobState outcome,
        String reason,
        Integer exitCode,
        List<Phase> phases,
        String runner,
        int attempts,
        Integer timeoutSeconds,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        long outputChunks,
        Links links) {

    public static Job queued(String id, String packageName, String requestedVersion, String version,
                             String node, JobSource source, Integer timeoutSeconds, Instant now) {
        return new Job(id, packageName, requestedVersion, version, node, source, JobState.QUEUED, null, null,
                null, List.of(), null, 0, timeoutSeconds, now, null, null, 0, Links.of(id));
    }

    /** The exact spec npm understands, e.g. {@code left-pad@1.3.0}. */
    public String spec() {
        return packageName + "@" + version;
    }

    public Job dispatched(String runnerId) {
        return new Job(id, packageName, requestedVersion, version, node, source, JobState.DISPATCHED, null, null,
                null, List.of(), runnerId, attempts + 1, timeoutSeconds, createdAt, startedAt, null,
                outputChunks, links);
    }

    /** Back to the queue because the runner never took it: the attempt does not count. */
    public Job handedBack() {
        return new Job(id, packageName, requestedVersion, version, node, source, JobState.QUEUED, null, null,
                null, phases, null, attempts - 1, timeoutSeconds, createdAt, startedAt, null, outputChunks, links);
    }

    /** Back to the queue after its runner was lost: the attempt counts. */
    public Job requeued() {
        return new Job(id, packageName, requestedVersion, version, node, source, JobState.QUEUED, null, null,
                null, phases, null, attempts, timeoutSeconds, createdAt, startedAt, null, outputChunks, links);
    }

    public Job running(Instant now) {
        return new Job(id, packageName, requestedVersion, version, node, source, JobState.RUNNING, null, null,
                null, List.of(), runner, attempts, timeoutSeconds, createdAt, startedAt == null ? now : startedAt,
                null, outputChunks, links);
    }

    /** Adds a phase, or replaces the last one when it is the same phase ending. */
    public Job withPhase(Phase phase) {
        List<Phase> next = new ArrayList<>(phases);
        if (!next.isEmpty() && next.get(next.size() - 1).name().equals(phase.name())) {
            next.set(next.size() - 1, phase);
        } else {
            next.add(phase);
        }
        return new Job(id, packageName, requestedVersion, version, node, source, state, outcome, reason, exitCode,
                List.copyOf(next), runner, attempts, timeoutSeconds, createdAt, startedAt, finishedAt,
                outputChunks, links);
    }

    public Job finished(JobState outcome, String reason, Integer exitCode, long outputChunks, Instant now) {
        if (!outcome.isFinal()) {
            throw new IllegalArgumentException(outcome + " is not a final state");
        }
        return new Job(id, packageName, requestedVersion, version, node, source, outcome, outcome, reason, exitCode,
                phases, runner, attempts, timeoutSeconds, createdAt, startedAt, now, outputChunks, links);
    }
}
