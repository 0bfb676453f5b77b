package io.nodechecker.gateway.live;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads of the stored log for viewers that are behind, on threads where blocking is fine. A read that
 * throws is tried again after each of the pauses (the log's owner may be leaving the cluster, its
 * segments moving); one that still fails gives up, so that its viewer is told instead of left waiting.
 */
final class LogReads {

    private static final Logger LOG = Logger.getLogger(LogReads.class);

    private final Executor readers;
    private final ScheduledExecutorService timer;
    private final List<Duration> pauses;

    /**
     * @param readers where reads run
     * @param timer   waits out the pauses
     * @param pauses  the pause before each further try; as many tries again as pauses
     */
    LogReads(Executor readers, ScheduledExecutorService timer, List<Duration> pauses) {
        this.readers = readers;
        this.timer = timer;
        this.pauses = List.copyOf(pauses);
    }

    /**
     * Runs {@code read}, again after a pause each time it throws, and {@code giveUp} once the pauses are spent.
     *
     * @param what names the read in the log ("job X for viewer Y")
     */
    void read(String what, Runnable read, Runnable giveUp) {
        attempt(what, read, giveUp, 0);
    }

    private void attempt(String what, Runnable read, Runnable giveUp, int failed) {
        handOver(what, () -> readers.execute(() -> {
            try {
                read.run();
            } catch (RuntimeException e) {
                failed(what, read, giveUp, failed, e);
            }
        }));
    }

    private void failed(String what, Runnable read, Runnable giveUp, int failed, RuntimeException e) {
        if (failed == pauses.size()) {
            LOG.warnf(e, "reading the log of %s failed %d times; giving up", what, failed + 1);
            giveUp.run();
            return;
        }
        Duration pause = pauses.get(failed);
        LOG.warnf("reading the log of %s failed (%s); trying again in %d ms", what, e, pause.toMillis());
        handOver(what, () -> timer.schedule(() -> attempt(what, read, giveUp, failed + 1), pause.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    /** Hands work to an executor; one that refuses it stops with the gateway, and the read with it. */
    private static void handOver(String what, Runnable handing) {
        try {
            handing.run();
        } catch (RejectedExecutionException e) {
            LOG.debugf("reading the log of %s: the gateway is stopping", what);
        }
    }
}
