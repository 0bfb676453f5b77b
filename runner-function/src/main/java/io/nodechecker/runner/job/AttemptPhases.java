package io.nodechecker.runner.job;

import io.nodechecker.runner.output.OutputSink;
import io.nodechecker.model.Code;
import io.nodechecker.model.Job;
import io.nodechecker.model.Phase;
import io.nodechecker.runner.docker.ExecResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Records the phases of one attempt on its job: each phase's start, then its end with duration and
 * exit code, written only while this runner still owns the attempt ({@link OwnershipLost} otherwise).
 * A phase cut short by the output cap reports a failure whatever its exit code.
 */
final class AttemptPhases {

    /** What a phase does between its recorded start and end. */
    interface Body {
        ExecResult run() throws InterruptedException;
    }

    /** A change to the job, applied only while this runner still owns the attempt; empty otherwise. */
    interface OwnUpdate {
        Optional<Job> apply(UnaryOperator<Job> change);
    }

    private final OwnUpdate updateOwn;
    private final OutputSink sink;
    private final BiConsumer<String, Duration> timer;
    private final Tracer tracer;

    /** @param timer takes each phase's name and how long it took ({@code RunnerMetrics::phase}) */
    AttemptPhases(OwnUpdate updateOwn, OutputSink sink, BiConsumer<String, Duration> timer, Tracer tracer) {
        this.tracer = tracer;
        this.updateOwn = updateOwn;
        this.sink = sink;
        this.timer = timer;
    }

    /** Runs one phase in a span named for it, a child of the attempt's. */
    ExecResult run(String name, Body body) throws InterruptedException {
        Span span = tracer.spanBuilder("nodechecker.phase." + name).setAttribute("nodechecker.phase", name).startSpan();
        try {
            ExecResult result = recorded(name, body);
            if (result.exitCode() != null) {
                span.setAttribute("nodechecker.exit_code", result.exitCode());
            }
            if (!result.succeeded()) {
                span.setStatus(StatusCode.ERROR, result.timedOut() ? "timed out" : "exit code " + result.exitCode());
            }
            return result;
        } finally {
            span.end();
        }
    }

    /** Records on the job what its attempt tests (a tarball, or a repository's commit). */
    void recordCode(Code code) {
        if (updateOwn.apply(job -> job.withCode(code)).isEmpty()) {
            throw new OwnershipLost();
        }
    }

    /** Puts the lifecycle steps read from npm's output in place of the one test phase that ran them. */
    void replaceTest(List<Phase> steps) {
        if (updateOwn.apply(job -> job.withTestSteps(steps)).isEmpty()) {
            throw new OwnershipLost();
        }
    }

    private ExecResult recorded(String name, Body body) throws InterruptedException {
        Phase started = Phase.started(name, Instant.now());
        if (updateOwn.apply(job -> job.withPhase(started)).isEmpty()) {
            throw new OwnershipLost();
        }
        ExecResult result = body.run();
        Phase ended = started.ended(Instant.now(), result.exitCode());
        timer.accept(name, Duration.ofMillis(ended.durationMs()));
        if (updateOwn.apply(job -> job.withPhase(ended)).isEmpty()) {
            throw new OwnershipLost();
        }
        if (sink.capped()) {
            return new ExecResult(result.exitCode() == null ? -1 : result.exitCode(), false);
        }
        return result;
    }
}
