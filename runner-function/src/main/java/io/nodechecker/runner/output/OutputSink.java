package io.nodechecker.runner.output;

import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Numbers an attempt's output and stores it in the cluster as it comes, under the attempt's keys. Consecutive output of one stream
 * is gathered into one chunk for at most {@link #LINGER_MS} (or up to {@link #MAX_CHUNK_CHARS}), so
 * a flood costs one cluster write per {@link OutputChunk#MAX_CHARS} rather than per Docker frame, and a lone
 * line waits only milliseconds. Past the byte cap it stores a line saying so, drops the rest, and calls
 * {@code onCap} so the job can be stopped. Before each write it asks {@code mayWrite}, which is cheap
 * while the runner's view is fresh and reads the job when it may not be (after a pause): output of an
 * attempt that was taken away meanwhile is dropped, never stored among the next attempt's chunks.
 */
public final class OutputSink implements ChunkSink {

    static final int MAX_CHUNK_CHARS = OutputChunk.MAX_CHARS;
    static final long LINGER_MS = 2;
    /** Chunk writes not yet acknowledged by their owners, at most: 16 × 256 KiB = 4 MiB per job in flight. */
    static final int MAX_IN_FLIGHT = 16;
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "output-flush");
        thread.setDaemon(true);
        return thread;
    });

    private final String jobId;
    private final int attempt;
    private final OutputLog log;
    private final long capBytes;
    private final Runnable onCap;
    private final BooleanSupplier mayWrite;
    private boolean takenAway;
    private final List<CompletableFuture<?>> stored = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    private StreamName pendingStream;
    private ScheduledFuture<?> flushSoon;
    private long nextSeq;
    private long bytes;
    private boolean capped;

    public OutputSink(String jobId, int attempt, OutputLog log, long firstSeq, long capBytes, Runnable onCap,
               BooleanSupplier mayWrite) {
        this.mayWrite = mayWrite;
        this.jobId = jobId;
        this.attempt = attempt;
        this.log = log;
        this.nextSeq = firstSeq;
        this.capBytes = capBytes;
        this.onCap = onCap;
    }

    @Override
    public void write(StreamName stream, String text) {
        boolean hitCap;
        synchronized (this) {
            if (capped) {
                return;
            }
            long size = utf8Length(text);
            hitCap = bytes + size > capBytes;
            if (hitCap) {
                capped = true;
                flushPending();
                store(StreamName.SYSTEM, "\n" + OutputChunk.systemLine("output passed " + capBytes
                        + " bytes; the rest is dropped and the job is stopped"));
            } else {
                bytes += size;
                gather(stream, text);
            }
        }
        if (hitCap) {
            onCap.run();
        }
    }

    /** The bytes {@code text} takes in UTF-8, counted without encoding it (it is encoded once, to be stored). */
    static long utf8Length(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // Two bytes below U+0800, three above; a surrogate pair is four, two for each half.
                bytes += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }

    /** A line of Nodechecker's own. */
    public void system(String line) {
        synchronized (this) {
            flushPending();
            store(StreamName.SYSTEM, OutputChunk.systemLine(line));
        }
    }

    private void gather(StreamName stream, String text) {
        if (pendingStream != null && (pendingStream != stream || pending.length() + text.length() > MAX_CHUNK_CHARS)) {
            flushPending();
        }
        pendingStream = stream;
        pending.append(text);
        if (pending.length() >= MAX_CHUNK_CHARS) {
            flushPending();
        } else if (flushSoon == null) {
            flushSoon = FLUSHER.schedule(this::flush, LINGER_MS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void flush() {
        flushPending();
    }

    private void flushPending() {
        if (flushSoon != null) {
            flushSoon.cancel(false);
            flushSoon = null;
        }
        if (pendingStream != null && pending.length() > 0) {
            store(pendingStream, pending.toString());
        }
        pending.setLength(0);
        pendingStream = null;
    }

    private void store(StreamName stream, String text) {
        if (takenAway || !mayWrite.getAsBoolean()) {
            if (!takenAway) {
                takenAway = true;
                FLUSHER.execute(onCap); // stop the container, outside this lock
            }
            return;
        }
        stored.add(log.append(attempt, new OutputChunk(jobId, nextSeq++, stream, text)));
        if (stored.size() > MAX_IN_FLIGHT) {
            // Failed writes stay in the list: await() reports them.
            stored.removeIf(write -> write.isDone() && !write.isCompletedExceptionally());
            // Bounded: a container that writes faster than the owners store waits here, and its stream with it.
            for (int i = 0; stored.size() - countDone() > MAX_IN_FLIGHT && i < stored.size(); i++) {
                try {
                    stored.get(i).join();
                } catch (CompletionException | CancellationException e) {
                    // reported by await()
                }
            }
            stored.removeIf(write -> write.isDone() && !write.isCompletedExceptionally());
        }
    }

    private int countDone() {
        int done = 0;
        for (CompletableFuture<?> write : stored) {
            if (write.isDone()) {
                done++;
            }
        }
        return done;
    }

    public synchronized boolean capped() {
        return capped;
    }

    public synchronized long chunkCount() {
        flushPending();
        return nextSeq;
    }

    /** Stores what is gathered, then waits until every chunk written so far is on every member. */
    public void await() {
        CompletableFuture<?>[] all;
        synchronized (this) {
            flushPending();
            all = stored.toArray(CompletableFuture[]::new);
        }
        CompletableFuture.allOf(all).join();
    }
}
