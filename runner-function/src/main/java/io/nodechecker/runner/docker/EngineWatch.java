package io.nodechecker.runner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the Docker engine answers, asked every second and whenever a
 * job's call to it fails. A runner whose engine does not answer is not ready: it says so in the
 * registry, takes no work, and hands its job back to the queue without counting the attempt. When
 * the engine answers again, {@link Recovered} is fired (the janitor clears what the outage left, the
 * announcer looks at the images again).
 */
@Startup
@ApplicationScoped
public class EngineWatch {

    private static final Logger LOG = Logger.getLogger(EngineWatch.class);

    /** The engine answers again after it did not. */
    public record Recovered() {
    }

    /** The engine stopped answering. */
    public record Lost(String problem) {
    }

    /** How long an engine that failed a call counts as failing, though it may still answer pings. */
    static final Duration SUSPECT_FOR = Duration.ofSeconds(5);

    private final DockerClient docker;
    private final Event<Recovered> recovered;
    private final Event<Lost> lost;
    private volatile String problem;
    private volatile String suspicion;
    private volatile Instant suspectUntil = Instant.MIN;

    EngineWatch(DockerClient docker, Event<Recovered> recovered, Event<Lost> lost) {
        this.docker = docker;
        this.recovered = recovered;
        this.lost = lost;
    }

    /** Why the engine does not answer, in words a person reads; {@code null} when it does. */
    public String problem() {
        return problem;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkOnSchedule() {
        check();
    }

    /**
     * A call to the engine failed as a failing engine fails (a 5xx, a broken connection): an engine
     * shutting down still answers pings for a while, so it counts as failing for {@link #SUSPECT_FOR}
     * and after that until it answers.
     */
    public synchronized void suspect(RuntimeException failure) {
        suspicion = "the Docker engine failed (" + rootMessage(failure) + ")";
        suspectUntil = Instant.now().plus(SUSPECT_FOR);
        check();
    }

    /** Whether a failed call says more about the engine than about the job. */
    public static boolean isEngineFailure(Throwable failure) {
        if (failure instanceof DockerException docker && docker.getHttpStatus() >= 500) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Watches the engine for {@code window}: true when it failed within it. */
    public boolean failsWithin(Duration window) throws InterruptedException {
        Instant deadline = Instant.now().plus(window);
        while (Instant.now().isBefore(deadline)) {
            if (!check()) {
                return true;
            }
            Thread.sleep(250);
        }
        return !check();
    }

    /** Asks the engine now; true when it answers (and no failed call is fresh). */
    public synchronized boolean check() {
        String before = problem;
        try {
            docker.pingCmd().exec();
            problem = Instant.now().isBefore(suspectUntil) ? suspicion : null;
        } catch (RuntimeException e) {
            problem = "the Docker engine does not answer (" + rootMessage(e) + ")";
        }
        if (before == null && problem != null) {
            LOG.warnf("%s: this runner takes no jobs until it does", problem);
            lost.fire(new Lost(problem));
        } else if (before != null && problem == null) {
            LOG.info("the Docker engine answers again");
            recovered.fire(new Recovered());
        }
        return problem == null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 120 ? message.substring(0, 120) + "…" : message;
    }
}
