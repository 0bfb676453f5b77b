package io.nodechecker.runner.job;

import io.nodechecker.model.RunRequest;
import io.nodechecker.runner.config.RunnerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runner's slots: as many jobs run at once as it has capacity, the rest wait in order. Every
 * change of the running or queued count is announced as a {@link LoadChanged} event.
 */
@ApplicationScoped
public class JobSlots {

    private static final Logger LOG = Logger.getLogger(JobSlots.class);

    /** Fired whenever a job is queued, starts or ends here. */
    public record LoadChanged(int running, int queued) {
    }

    private final int capacity;
    private final ExecutorService pool;
    private final JobExecution execution;
    private final Event<LoadChanged> loadChanged;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean draining;

    JobSlots(RunnerConfig config, JobExecution execution, Event<LoadChanged> loadChanged) {
        this.capacity = config.capacity().orElse(Runtime.getRuntime().availableProcessors());
        this.execution = execution;
        this.loadChanged = loadChanged;
        this.pool = new ThreadPoolExecutor(capacity, capacity, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "job-slot");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Why a job was not taken. */
    public enum Refusal { DRAINING, FULL }

    /**
     * Takes a job unless the runner is draining or every slot is taken: capacity is a hard limit here,
     * so two gateways that pick this runner at the same moment cannot overfill it.
     *
     * @return {@code null} when taken, else why not
     */
    public Refusal offer(RunRequest request) {
        if (draining) {
            return Refusal.DRAINING;
        }
        synchronized (this) {
            if (running.get() + queued.get() >= capacity) {
                return Refusal.FULL;
            }
            queued.incrementAndGet();
        }
        changed();
        pool.execute(() -> {
            synchronized (this) {
                queued.decrementAndGet();
                running.incrementAndGet();
            }
            changed();
            try {
                execution.run(request);
            } catch (RuntimeException e) {
                LOG.errorf(e, "job %s escaped its execution", request.jobId());
            } finally {
                running.decrementAndGet();
                changed();
            }
        });
        return null;
    }

    /**
     * Stops taking work and waits up to {@code seconds} for what runs and waits to finish; whether
     * everything did.
     */
    public boolean drain(long seconds) throws InterruptedException {
        draining = true;
        pool.shutdown();
        if (!pool.awaitTermination(seconds, TimeUnit.SECONDS)) {
            LOG.warnf("%d jobs still ran after %d s of draining", running.get() + queued.get(), seconds);
            return false;
        }
        return true;
    }

    private void changed() {
        try {
            loadChanged.fire(new LoadChanged(running.get(), queued.get()));
        } catch (RuntimeException e) {
            // The registry may be gone already while the runner stops; the next heartbeat corrects a miss.
            LOG.debugf("load change not announced: %s", e.getMessage());
        }
    }

    public int capacity() {
        return capacity;
    }

    public int running() {
        return running.get();
    }

    public int queued() {
        return queued.get();
    }

    public boolean draining() {
        return draining;
    }
}
