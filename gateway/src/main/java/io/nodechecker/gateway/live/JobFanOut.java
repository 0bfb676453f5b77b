package io.nodechecker.gateway.live;

import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
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
import java.util.function.Function;

/**
 * One viewed job's live output on its way to the job's viewers on this gateway. Chunks come from
 * cluster events on several threads; they are handed to the viewers in batches, one batch at a time:
 * chunks that come while one is on its way join the next, so a batch grows with the time the last one
 * took and the work per chunk falls as the audience grows instead of queueing up. A viewer in step
 * with the job gets a batch as one message, and the text of that message is encoded once for all
 * viewers ({@link #encoded}).
 * <p>
 * A small audience gets each batch at once, from the thread that brought it (a lone viewer's line is
 * not delayed by a hand-over). A large audience ({@code largeAudience} viewers or more) gets it on each
 * socket's own event loop, one task per loop (writes then go straight to the sockets, no hand-over per
 * frame), with batches at least {@code linger} apart: fewer, bigger messages, which every one of its
 * viewers' clients reads faster too, for a few milliseconds of delay.
 */
final class JobFanOut {

    /** Encoded output messages kept per job: enough for a batch of several runs of one stream. */
    static final int ENCODED_KEPT = 16;

    private final Map<LiveView, Executor> views = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final int largeAudience;
    private final long lingerNanos;
    private volatile long lastBatchNanos;
    private final Queue<OutputChunk> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean batchInFlight = new AtomicBoolean();
    private final AtomicInteger loopsBusy = new AtomicInteger();
    // Output messages by their first sequence number: (last, text). Same range of one job, same text.
    private final Map<Long, Encoded> encoded = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Encoded> eldest) {
            return size() > ENCODED_KEPT;
        }
    };

    private record Encoded(long last, String text) {
    }

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
    void add(LiveView view, Executor loop) {
        views.put(view, loop);
    }

    /** Removes a viewer; {@code true} when it was there. */
    boolean remove(LiveView view) {
        return views.remove(view) != null;
    }

    boolean isEmpty() {
        return views.isEmpty();
    }

    Set<LiveView> views() {
        return views.keySet();
    }

    /** A chunk the job wrote: it goes to every viewer with the next batch. */
    void onChunk(OutputChunk chunk) {
        pending.add(chunk);
        startBatch();
    }

    /**
     * The text of an output message of this job, encoded by {@code write} only when no viewer has
     * encoded the same range before.
     */
    String encoded(LiveMessage.Output message, Function<LiveMessage, String> write) {
        long first = message.first() == null ? message.seq() : message.first();
        synchronized (encoded) {
            Encoded known = encoded.get(first);
            if (known != null && known.last() == message.seq()) {
                return known.text();
            }
        }
        String text = write.apply(message);
        synchronized (encoded) {
            encoded.put(first, new Encoded(message.seq(), text));
        }
        return text;
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
                views.keySet().forEach(view -> view.onChunks(batch));
            } finally {
                batchInFlight.set(false);
            }
            return false;
        }
        Map<Executor, List<LiveView>> byLoop = new IdentityHashMap<>();
        views.forEach((view, loop) -> byLoop.computeIfAbsent(loop, ignored -> new ArrayList<>()).add(view));
        if (batch.isEmpty() || byLoop.isEmpty()) {
            batchInFlight.set(false);
            return false;
        }
        lastBatchNanos = System.nanoTime();
        loopsBusy.set(byLoop.size());
        byLoop.forEach((loop, onLoop) -> loop.execute(() -> {
            try {
                onLoop.forEach(view -> view.onChunks(batch));
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
