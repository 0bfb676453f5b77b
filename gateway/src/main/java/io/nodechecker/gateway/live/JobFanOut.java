package io.nodechecker.gateway.live;

import io.nodechecker.model.Job;
import io.nodechecker.model.OutputChunk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One viewed job's output and records on their way to the job's viewers on this gateway: the fan-out
 * stage, between the job's {@link JobFeed} and each viewer's {@link ViewerOutbox}. Chunks come from
 * cluster events on several threads; they are handed to the viewers in batches, one batch at a time:
 * chunks that come while one is on its way join the next, so a batch grows with the time the last one
 * took and the work per chunk falls as the audience grows instead of queueing up. A viewer in step
 * with the job gets a batch as one message, encoded once for all viewers ({@link FrameEncoder}).
 * <p>
 * A small audience gets each batch at once, from the thread that brought it (a lone viewer's line is
 * not delayed by a hand-over). A large audience ({@code largeAudience} viewers or more) gets it on each
 * socket's own event loop, one task per loop (writes then go straight to the sockets, no hand-over per
 * frame), with batches at least {@code linger} apart: fewer, bigger messages, which every one of its
 * viewers' clients reads faster too, for a few milliseconds of delay.
 */
final class JobFanOut {

    private final Map<ViewerOutbox, Executor> views = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final int largeAudience;
    private final long lingerNanos;
    private volatile long lastBatchNanos;
    private final Queue<OutputChunk> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean batchInFlight = new AtomicBoolean();
    private final AtomicInteger loopsBusy = new AtomicInteger();
    /**
     * @param timer         runs a batch that waits out the linger
     * @param largeAudience the audience from which batches go by event loop, at least {@code linger} apart
     */
    JobFanOut(ScheduledExecutorService timer, int largeAudience, Duration linger) {
        this.timer = timer;
        this.largeAudience = largeAudience;
        this.lingerNanos = linger.toNanos();
        this.lastBatchNanos = System.nanoTime() - lingerNanos;
    }

    /** Adds a viewer whose socket's event loop runs {@code loop}'s tasks. */
    void add(ViewerOutbox view, Executor loop) {
        views.put(view, loop);
    }

    /** Removes a viewer; {@code true} when it was there. */
    boolean remove(ViewerOutbox view) {
        return views.remove(view) != null;
    }

    boolean isEmpty() {
        return views.isEmpty();
    }

    Set<ViewerOutbox> views() {
        return views.keySet();
    }

    /** A chunk the job wrote: it goes to every viewer with the next batch. */
    void onChunk(OutputChunk chunk) {
        pending.add(chunk);
        startBatch();
    }

    /** The job's record: every viewer hears it at once (records are few). */
    void onJob(Job job) {
        views.keySet().forEach(view -> view.job(job));
    }

    private void startBatch() {
        while (!pending.isEmpty() && batchInFlight.compareAndSet(false, true)) {
            long wait = views.size() < largeAudience ? 0 : lastBatchNanos + lingerNanos - System.nanoTime();
            if (wait > 0) {
                timer.schedule(this::lingered, wait, TimeUnit.NANOSECONDS);
                return;
            }
            sendBatch();
        }
    }

    private void lingered() {
        if (!sendBatch()) {
            startBatch();
        }
    }

    /** Hands what is pending to the viewers; {@code false} when no batch is on its way after it. */
    private boolean sendBatch() {
        List<OutputChunk> batch = new ArrayList<>();
        for (OutputChunk chunk = pending.poll(); chunk != null; chunk = pending.poll()) {
            batch.add(chunk);
        }
        batch.sort(Comparator.comparingLong(OutputChunk::seq));
        if (views.size() < largeAudience) {
            try {
                views.keySet().forEach(view -> view.offer(batch));
            } finally {
                batchInFlight.set(false);
            }
            return false;
        }
        Map<Executor, List<ViewerOutbox>> byLoop = new IdentityHashMap<>();
        views.forEach((view, loop) -> byLoop.computeIfAbsent(loop, ignored -> new ArrayList<>()).add(view));
        if (batch.isEmpty() || byLoop.isEmpty()) {
            batchInFlight.set(false);
            return false;
        }
        lastBatchNanos = System.nanoTime();
        loopsBusy.set(byLoop.size());
        byLoop.forEach((loop, onLoop) -> loop.execute(() -> {
            try {
                onLoop.forEach(view -> view.offer(batch));
            } finally {
                if (loopsBusy.decrementAndGet() == 0) {
                    batchInFlight.set(false);
                    startBatch();
                }
            }
        }));
        return true;
    }
}
