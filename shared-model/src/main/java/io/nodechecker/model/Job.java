package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.soabase.recordbuilder.core.RecordBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to test one package on one Node version, and everything known about its run.
 * Immutable: every transition returns a new job, so the cluster stores whole values and changes
 * them with compare-and-set. {@link JobBuilder} (generated) sets components by name: {@link #queued}
 * starts a new one, {@code with(…)} changes some of an existing one.
 *
 * @param requestedVersion what was asked for ({@code latest}, a dist-tag or an exact version)
 * @param version          the exact version that was tested
 * @param outcome          the final state once there is one, else {@code null}
 * @param reason           a human-readable sentence on why the job ended as it did, or, while it runs
 *                         again, why its previous attempt did not count
 * @param attempts         how many times the job was handed to a runner
 * @param maxAttempts      how many attempts an infrastructure failure may cost before the job is ERRORED
 * @param requestedCode    what the request asked to test ({@code auto} when it named nothing)
 * @param codeHints        where to find the repository and commit beyond the manifest (lookup.json), or null
 * @param code             what was tested, once the runner fetched it
 * @param overrides        how the test is changed for this job (script, environment, install flags)
 * @param group            the batch or Node matrix the job belongs to, if any
 * @param tests            passed, failed and skipped counts when the test output has a summary
 * @param outputChunks     how many output chunks the job wrote in all; set with the final state
 * @param owner            who created it: a fingerprint of the API token (never the token), or
 *                         {@code null} for a hook's job or one made while the gateway takes no tokens
 * @param lane             the queue it waits in: interactive jobs go to runners before batch jobs
 * @param failure          what a FAILED test run failed on, normalised (its first failing test and error), or null
 */
@RecordBuilder
@RegisterForReflection
public record Job(
        String id,
        @JsonProperty("package") String packageName,
        String requestedVersion,
        String version,
        String node,
        NetworkPolicy network,
        JobSource source,
        CodeChoice requestedCode,
        CodeHints codeHints,
        Code code,
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
        Lane lane,
        JobTrace trace,
        String failure) implements JobBuilder.With {

    /**
     * A new job in the queue, to be completed with what it tests ({@code packageName}, the versions,
     * {@code node}, {@code network}, {@code source}, {@code maxAttempts}, …) and built.
     */
    public static JobBuilder queued(String id, Instant now) {
        return JobBuilder.builder().id(id).state(JobState.QUEUED).phases(List.of()).overrides(Overrides.NONE)
                .createdAt(now).links(Links.of(id)).lane(Lane.INTERACTIVE);
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
        return underWay(JobState.DISPATCHED, runnerId, attempts + 1, List.of(), now, startedAt);
    }

    /** Back to the queue because the runner never took it: the attempt does not count. */
    public Job handedBack() {
        return underWay(JobState.QUEUED, null, attempts - 1, phases, null, startedAt);
    }

    /** Back to the queue after its runner was lost or the infrastructure failed: the attempt counts. */
    public Job requeued(String why) {
        return with(job -> job.state(JobState.QUEUED).outcome(null).reason(why).exitCode(null).runner(null)
                .dispatchedAt(null).finishedAt(null));
    }

    public Job running(Instant now) {
        return underWay(JobState.RUNNING, runner, attempts, List.of(), dispatchedAt, startedAt == null ? now : startedAt);
    }

    /** Adds a phase, or replaces the last one when it is the same phase ending. */
    public Job withPhase(Phase phase) {
        List<Phase> next = new ArrayList<>(phases);
        if (!next.isEmpty() && next.get(next.size() - 1).name().equals(phase.name())) {
            next.set(next.size() - 1, phase);
        } else {
            next.add(phase);
        }
        return underWay(state, runner, attempts, List.copyOf(next), dispatchedAt, startedAt);
    }

    /** What the request asked to test; {@code auto} for a job stored before there was a choice. */
    public CodeChoice codeChoice() {
        return requestedCode == null ? CodeChoice.AUTO : requestedCode;
    }

    /** The job with {@code steps} (npm's pretest, test, posttest as they ran) in place of its last phase, the test phase. */
    public Job withTestSteps(List<Phase> steps) {
        List<Phase> next = new ArrayList<>(phases);
        if (!next.isEmpty() && next.get(next.size() - 1).name().equals(Phase.TEST)) {
            next.remove(next.size() - 1);
        }
        next.addAll(steps);
        return underWay(state, runner, attempts, List.copyOf(next), dispatchedAt, startedAt);
    }

    public Job finished(JobState outcome, String reason, Integer exitCode, long outputChunks, Instant now) {
        return finished(outcome, reason, exitCode, null, outputChunks, now);
    }

    /** This finished job with the signature of what its tests failed on. */
    public Job failingOn(String signature) {
        return with(job -> job.failure(signature));
    }

    public Job finished(JobState outcome, String reason, Integer exitCode, TestCounts tests, long outputChunks,
                        Instant now) {
        if (!outcome.isFinal()) {
            throw new IllegalArgumentException(outcome + " is not a final state");
        }
        return with(job -> job.state(outcome).outcome(outcome).reason(reason).exitCode(exitCode).tests(tests)
                .finishedAt(now).outputChunks(outputChunks));
    }

    /** Under way in {@code state}; its reason still says why it is on another attempt, if it is. */
    private Job underWay(JobState state, String runner, int attempts, List<Phase> phases, Instant dispatchedAt,
                         Instant startedAt) {
        return with(job -> job.state(state).outcome(null).exitCode(null).phases(phases).runner(runner)
                .attempts(attempts).dispatchedAt(dispatchedAt).startedAt(startedAt).finishedAt(null));
    }
}
