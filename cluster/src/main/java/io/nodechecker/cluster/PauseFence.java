package io.nodechecker.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Tells whether this process may trust its view of the cluster enough to act destructively on it
 * (remove another runner's containers, take a runner's jobs away). A process that was frozen (a
 * stopped VM, {@code kill -STOP}, a long GC pause) wakes with a view as old as the pause: heartbeats
 * it did not receive look like dead members. A tick every {@link #TICK} notices such a gap; after
 * one, the fence stays shut until the cluster had time to suspect, merge and re-announce everyone.
 */
public final class PauseFence implements AutoCloseable {

    static final Duration TICK = Duration.ofMillis(500);

    private final long gapNanos;
    private final long holdNanos;
    private final LongSupplier clock;
    private final ScheduledExecutorService ticker;
    private long lastTick;
    private long shutUntil;

    /**
     * @param failureTimeout the cluster's failure timeout: a gap of half of it is a pause; the fence then
     *                       stays shut for twice it plus {@code mergeInterval}
     */
    public PauseFence(Duration failureTimeout, Duration mergeInterval, LongSupplier nanoClock, boolean tickItself) {
        this.gapNanos = failureTimeout.toNanos() / 2;
        this.holdNanos = failureTimeout.toNanos() * 2 + mergeInterval.toNanos();
        this.clock = nanoClock;
        this.lastTick = nanoClock.getAsLong();
        this.shutUntil = lastTick;
        this.ticker = tickItself ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "pause-fence");
            thread.setDaemon(true);
            return thread;
        }) : null;
        if (ticker != null) {
            ticker.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    synchronized void tick() {
        notice();
        lastTick = clock.getAsLong();
    }

    /** True when no pause was noticed recently: this process's view of the cluster is current. */
    public synchronized boolean open() {
        notice();
        return clock.getAsLong() - shutUntil >= 0;
    }

    private void notice() {
        long now = clock.getAsLong();
        if (now - lastTick > gapNanos) {
            shutUntil = now + holdNanos;
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
