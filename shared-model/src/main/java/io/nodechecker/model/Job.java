package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to test one package on one Node version, and everything known about its run.
 * Immutable: every transition returns a new job, so the cluster stores whole values and changes
 * them with compare-and-set.
 *
 * @param requestedVersion what was asked for ({@code latest}, a dist-tag or an exact version)
 * @param version          the exact version that was tested
 * @param outcome          the final state once there is one, else {@code null}
 * @param reason           a human-readable sentence on why the job ended as it did, or, while it runs
 *                         again, why its previous attempt did not count
 * @param attempts         how many times the job was handed to a runner
 * @param maxAttempts      how many attempts an infrastructure failure may cost before the job is ERRORED
 * @param overrides        how the test is changed for this job (script, environment, install flags)
 * @param group            the batch or Node matrix the job belongs to, if any
 * @param tests            passed, failed and skipped counts when the test output has a summary
 * @param outputChunks     how many output chunks the job wrote in all; set with the final state
 * @param owner            who created it: a fingerprint of the API token (never the token), or
 *                         {@code null} for a hook's job or one made while the gateway takes no tokens
 */
@RegisterForReflection
public record Job(
        String id,
        @JsonProperty("package") String packageName,
        String requestedVersion,
        String version,
        String node,
        NetworkPolicy network,
        JobSource source,
        JobState state,
        JobState outcome,
        String reason,
        Integer exitCode,
        List<Phase> phases,
        String runner,
        int attempts,
        int maxAttempts,
        Integer timeoutSeconds,
        Overrides overrides,
        String group,
        TestCounts tests,
        Instant createdAt,
        Instant dispatchedAt,
        Instant startedAt,
        Instant finishedAt,
        long outputChunks,
        Links links,
        String owner,
        JobTrace trace) {

    public static Job queued(String id, String packageName, String requestedVersion, String version, String node,
                             NetworkPolicy network, JobSource source, Integer timeoutSeconds, int maxAttempts,
                             Instant now) {
        return queued(id, packageName, requestedVersion, version, node, network, source, timeoutSeconds, maxAttempts,
                Overrides.NONE, null, now);
    }

    public static Job queued(String id, String packageName, String requestedVersion, String version, String node,
                             NetworkPolicy network, JobSource source, Integer timeoutSeconds, int maxAttempts,
                             Overrides overrides, String group, Instant now) {
        return new Job(id, packageName, requestedVersion, version, node, network, source, JobState.QUEUED, null, null,
                null, List.of(), null, 0, maxAttempts, timeoutSeconds, overrides, group, null, now, null, null, null, 0,
                Links.of(id), null, null);
    }

    /** The same job, created by {@code owner}. */
    public Job withOwner(String owner) {
        return new Job(id, packageName, requestedVersion, version, node, network, source, state, outcome, reason,
                exitCode, phases, runner, attempts, maxAttempts, timeoutSeconds, overrides, group, tests, createdAt,
                dispatchedAt, startedAt, finishedAt, outputChunks, links, owner, trace);
    }

    /** The same job, traced under {@code trace}. */
    public Job withTrace(JobTrace trace) {
        return new Job(id, packageName, requestedVersion, version, node, network, source, state, outcome, reason,
                exitCode, phases, runner, attempts, maxAttempts, timeoutSeconds, overrides, group, tests, createdAt,
                dispatchedAt, startedAt, finishedAt, outputChunks, links, owner, trace);
    }

    /** The overrides, never null (jobs stored before overrides existed have none). */
    public Overrides effectiveOverrides() {
        return overrides == null ? Overrides.NONE : overrides;
    }

    /** The exact spec npm understands, e.g. {@code left-pad@1.3.0}. */
    public String spec() {
        return packageName + "@" + version;
    }

    /** True while a runner holds the job. */
    public boolean isWithRunner() {
        return state == JobState.DISPATCHED || state == JobState.RUNNING;
    }

    /** True when a failure of the infrastructure may still send the job to another attempt. */
    public boolean mayRetry() {
        return attempts < maxAttempts;
    }

    public Job dispatched(String runnerId, Instant now) {
        return with(JobState.DISPATCHED, runnerId, attempts + 1, List.of(), now, startedAt);
    }

    /** Back to the queue because the runner never took it: the attempt does not count. */
    public Job handedBack() {
        return with(JobState.QUEUED, null, attempts - 1, phases, null, startedAt);
    }

    /** Back to the queue after its runner was lost or the infrastructure failed: the attempt counts. */
    public Job requeued(String why) {
        return new Job(id, packageName, requestedVersion, version, node, network, source, JobState.QUEUED, null, why, null,
                phases, null, attempts, maxAttempts, timeoutSeconds, overrides, group, tests, createdAt, null, startedAt,
                null, outputChunks, links, owner, trace);
    }

    public Job running(Instant now) {
        return with(JobState.RUNNING, runner, attempts, List.of(), dispatchedAt, startedAt == null ? now : startedAt);
    }

    /** Adds a phase, or replaces the last one when it is the same phase ending. */
    public Job withPhase(Phase phase) {
        List<Phase> next = new ArrayList<>(phases);
        if (!next.isEmpty() && next.get(next.size() - 1).name().equals(phase.name())) {
            next.set(next.size() - 1, phase);
        } else {
            next.add(phase);
        }
        return with(state, runner, attempts, List.copyOf(next), dispatchedAt, startedAt);
    }

    public Job finished(JobState outcome, String reason, Integer exitCode, long outputChunks, Instant now) {
        return finished(outcome, reason, exitCode, null, outputChunks, now);
    }

    public Job finished(JobState outcome, String reason, Integer exitCode, TestCounts tests, long outputChunks,
                        Instant now) {
        if (!outcome.isFinal()) {
            throw new IllegalArgumentException(outcome + " is not a final state");
        }
        return new Job(id, packageName, requestedVersion, version, node, network, source, outcome, outcome, reason, exitCode,
                phases, runner, attempts, maxAttempts, timeoutSeconds, overrides, group, tests, createdAt, dispatchedAt,
                startedAt, now, outputChunks, links, owner, trace);
    }

    private Job with(JobState state, String runner, int attempts, List<Phase> phases, Instant dispatchedAt,
                     Instant startedAt) {
        // The reason of a job under way says why it is on another attempt, if it is.
        return new Job(id, packageName, requestedVersion, version, node, network, source, state, null, reason, null, phases,
                runner, attempts, maxAttempts, timeoutSeconds, overrides, group, tests, createdAt, dispatchedAt, startedAt,
                null, outputChunks, links, owner, trace);
    }
}
