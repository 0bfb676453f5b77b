package io.nodechecker.gateway.live;

import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * One viewer of one job. Chunks may arrive out of order (cluster events come on several threads);
 * the view sends each sequence number exactly once, in order, and the result only after the last
 * chunk the job wrote. It sends only while the viewer's socket has room: what the viewer is behind
 * on (a replay from {@code from}, or live output it could not take yet) is read from the stored log
 * when the socket has room again, consecutive chunks of one stream joined into one message.
 */
final class LiveView {

    /** Live chunks kept for a viewer that cannot take them yet; past this they are read again from the log. */
    static final int EARLY_MAX = 64;
    /** Largest output message made by joining chunks. */
    static final int JOINED_MAX = 64 * 1024;

    private final String jobId;
    private final LongFunction<OutputChunk> stored;
    private final Consumer<LiveMessage> send;
    private final BooleanSupplier hasRoom;
    private final Runnable finish;
    // Chunks that arrived ahead of the next one to send, by sequence number.
    private final Map<Long, OutputChunk> early = new HashMap<>();
    private long nextSeq;
    // Below this, chunks missing from `early` are in the stored log: a replay, or chunks let go.
    private long storedUpTo = Long.MAX_VALUE;
    private JobState lastState;
    private String lastPhase;
    private int lastAttempt;
    private Job finalJob;
    private boolean done;

    /**
     * @param stored looks up a chunk of this job in the stored log, {@code null} when not there (yet)
     * @param hasRoom whether the viewer's socket takes more output now; when it did not, {@link #pump()}
     *                is to be called once it does
     */
    LiveView(String jobId, long from, LongFunction<OutputChunk> stored, Consumer<LiveMessage> send,
            BooleanSupplier hasRoom, Runnable finish) {
        this.jobId = jobId;
        this.nextSeq = from;
        this.stored = stored;
        this.send = send;
        this.hasRoom = hasRoom;
        this.finish = finish;
    }

    String jobId() {
        return jobId;
    }

    synchronized void onChunk(OutputChunk chunk) {
        if (done || chunk.seq() < nextSeq) {
            return;
        }
        if (early.size() < EARLY_MAX) {
            early.put(chunk.seq(), chunk);
        } else {
            storedUpTo = Math.max(storedUpTo, chunk.seq() + 1);
        }
        pump();
    }

    synchronized void onJob(Job job) {
        if (done) {
            return;
        }
        if (job.state().isFinal()) {
            finalJob = job;
            // The runner stored every chunk before the final state: what events did not bring is in the log.
            storedUpTo = job.outputChunks();
            pump();
            return;
        }
        LiveMessage.State state = LiveMessage.State.of(job);
        if (state.state() != lastState || !Objects.equals(state.phase(), lastPhase)
                || state.attempt() != lastAttempt) {
            lastState = state.state();
            lastPhase = state.phase();
            lastAttempt = state.attempt();
            send.accept(state);
        }
    }

    /** Sends what the viewer's socket has room for, then the result once everything is out. */
    synchronized void pump() {
        while (!done && hasRoom.getAsBoolean()) {
            OutputChunk first = next();
            if (first == null) {
                break;
            }
            LiveMessage message = joinFollowing(first);
            send.accept(message);
        }
        if (!done && finalJob != null && nextSeq >= finalJob.outputChunks()) {
            done = true;
            early.clear();
            send.accept(LiveMessage.Result.of(finalJob));
            finish.run();
        }
    }

    /** Chunk {@code nextSeq}, from the early ones or the log, and moves past it; {@code null} when not there yet. */
    private OutputChunk next() {
        OutputChunk chunk = early.remove(nextSeq);
        if (chunk == null && nextSeq < storedUpTo) {
            chunk = stored.apply(nextSeq);
            if (chunk == null && finalJob == null) {
                // The replay reached what is not stored yet: from here on, live events bring it.
                storedUpTo = nextSeq;
            } else if (chunk == null) {
                // The job is over and its log is not there: it expired. The result still comes.
                nextSeq = finalJob.outputChunks();
            }
        }
        if (chunk != null) {
            nextSeq++;
        }
        return chunk;
    }

    /** {@code first}, joined with the chunks of its stream that are at hand and follow it. */
    private LiveMessage joinFollowing(OutputChunk first) {
        StringBuilder data = null;
        long last = first.seq();
        StreamName stream = first.stream();
        while (true) {
            OutputChunk following = early.get(nextSeq);
            if (following == null && nextSeq < storedUpTo) {
                following = stored.apply(nextSeq);
            }
            int size = data == null ? first.data().length() : data.length();
            if (following == null || following.stream() != stream || size + following.data().length() > JOINED_MAX) {
                break;
            }
            early.remove(nextSeq);
            nextSeq++;
            if (data == null) {
                data = new StringBuilder(first.data());
            }
            data.append(following.data());
            last = following.seq();
        }
        return data == null ? LiveMessage.Output.of(first)
                : LiveMessage.Output.merged(first.seq(), last, stream, data.toString());
    }
}
