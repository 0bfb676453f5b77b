package io.nodechecker.runner.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nodechecker.model.JobState;
import io.nodechecker.runner.identity.RunnerIdentity;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What this runner did, on {@code /q/metrics}: jobs ended by outcome, jobs handed back to the queue
 * after an infrastructure failure, how long each phase took, and how many jobs run now. Every series
 * carries the runner's id, so a cluster's runners add up in one query.
 */
@ApplicationScoped
public class RunnerMetrics {

    private final MeterRegistry registry;
    private final String runner;
    private final Counter requeued;
    private final Counter handedBack;

    RunnerMetrics(MeterRegistry registry, RunnerIdentity identity) {
        this.registry = registry;
        this.runner = identity.id();
        requeued = Counter.builder("nodechecker.jobs.requeued").tag("runner", runner)
                .description("Attempts that failed in the infrastructure and went back to the queue")
                .register(registry);
        handedBack = Counter.builder("nodechecker.jobs.handed.back").tag("runner", runner)
                .description("Jobs handed back to the queue, the attempt not counted, because the Docker engine stopped answering")
                .register(registry);
    }

    /** Reports {@code running} as the jobs this runner runs now. */
    public void runningFrom(Supplier<Number> running) {
        Gauge.builder("nodechecker.runner.jobs.running", running).tag("runner", runner)
                .description("Jobs this runner runs now").register(registry);
    }

    public void finished(JobState outcome) {
        Counter.builder("nodechecker.jobs.finished").tag("runner", runner).tag("outcome", outcome.name())
                .description("Jobs that ended on this runner, by outcome").register(registry).increment();
    }

    public void requeued() {
        requeued.increment();
    }

    public void handedBack() {
        handedBack.increment();
    }

    public void phase(String phase, Duration took) {
        Timer.builder("nodechecker.job.phase").tag("runner", runner).tag("phase", phase)
                .description("How long each phase of a job took").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(took);
    }
}
