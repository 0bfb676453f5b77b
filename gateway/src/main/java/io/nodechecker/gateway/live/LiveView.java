package io.nodechecker.gateway.live;

import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One viewer's place in its job's output: which message it gets next. Chunks may arrive out of order
 * (cluster events come on several threads); the view gives each sequence number exactly once, in order,
 * and the result only after the last chunk the job wrote. What the viewer is behind on (a replay from
 * {@code from}, or live output its socket could not take yet) is read from the stored log, consecutive
 * chunks of one stream joined into one message. The view only answers; its {@link ViewerOutbox} asks,
 * as the socket has room, and decides where the log may be read (a read may block).
 */
final class LiveView {

    /**
     * Characters of live chunks kept for a viewer that cannot take them yet; past this they are read
     * again from the log. Chunks are shared by a job's viewers, but a stalled viewer alone may keep these.
     */
    static final int EARLY_MAX_CHARS = 256 * 1024;
    /** Largest output message made by joining chunks: as large as a runner's largest chunk, which goes alone. */
    static final int JOINED_MAX = OutputChunk.MAX_CHARS;

    private final String jobId;
    private final StoredLog stored;
    // Chunks that arrived ahead of the next one to send, by sequence number.
    private final Map<Long, OutputChunk> early = new HashMap<>();
    private long earlyChars;
    private long nextSeq;
    // Below this, chunks missing from `early` are in the stored log: a replay, or chunks let go.
    private long storedUpTo = Long.MAX_VALUE;
    private JobState lastState;
    private String lastPhase;
    private int lastAttempt;
    // The job's latest attempt as last heard: which attempt's chunks the log is read from.
    private int attempts;
    private Job finalJob;
    private boolean done;

    /** Looks up a chunk of this job in the stored log, {@code null} when not there (yet). */
    @FunctionalInterface
    interface StoredLog {
        /** Chunk {@code seq} as the job's log has it when its latest attempt is {@code attempts}. */
        OutputChunk chunk(int attempts, long seq);
    }

    /**
     * @param from     the first sequence number the viewer wants
     * @param attempts the job's latest attempt when the view opens
     * @param stored   looks up a chunk of this job in the stored log
     */
    LiveView(String jobId, long from, int attempts, StoredLog stored) {
        this.jobId = jobId;
        this.nextSeq = from;
        this.attempts = attempts;
        this.stored = stored;
    }

    String jobId() {
        return jobId;
    }

    /** Chunks that came together, in sequence order. */
    void take(List<OutputChunk> chunks) {
        chunks.forEach(this::take);
    }

    private void take(OutputChunk chunk) {
        if (done || chunk.seq() < nextSeq) {
            return;
        }
        if (earlyChars + chunk.data().length() <= EARLY_MAX_CHARS && !early.containsKey(chunk.seq())) {
            early.put(chunk.seq(), chunk);
            earlyChars += chunk.data().length();
        } else if (!early.containsKey(chunk.seq())) {
            storedUpTo = Math.max(storedUpTo, chunk.seq() + 1);
        }
    }

    /** The job's record as last heard: the state message the viewer is due, or {@code null} when none. */
    LiveMessage.State onJob(Job job) {
        if (done || finalJob != null) {
            return null; // the end is known; a late or repeated record changes nothing
        }
        if (job.attempts() > attempts) {
            // A new attempt writes under its own keys: what its first chunks' events did not bring, the log has.
            attempts = job.attempts();
            storedUpTo = Long.MAX_VALUE;
        }
        if (job.state().isFinal()) {
            finalJob = job;
            // The runner stored every chunk before the final state: what events did not bring is in the log.
            storedUpTo = job.outputChunks();
            return null;
        }
        LiveMessage.State state = LiveMessage.State.of(job);
        if (state.state() == lastState && Objects.equals(state.phase(), lastPhase) && state.attempt() == lastAttempt) {
            return null;
        }
        lastState = state.state();
        lastPhase = state.phase();
        lastAttempt = state.attempt();
        return state;
    }

    /**
     * The sure way behind events for output: a view that stopped reading the log where its read found nothing,
     * and has nothing at hand to send, reads there once more. A chunk stored before the view opened brings
     * no event; a read that missed it would otherwise leave the view waiting until a later chunk's event.
     */
    void probe() {
        if (done || finalJob != null || nextSeq < storedUpTo || early.containsKey(nextSeq)) {
            return;
        }
        storedUpTo = Long.MAX_VALUE;
    }

    /**
     * The next message: output, joined from what is at hand (and from the log when {@code mayRead}), or
     * the result once all output is given; {@code null} when neither is there yet.
     */
    LiveMessage next(boolean mayRead) {
        if (done) {
            return null;
        }
        OutputChunk first = nextChunk(mayRead);
        if (first != null) {
            return joinFollowing(first, mayRead);
        }
        if (atEnd()) {
            done = true;
            early.clear();
            earlyChars = 0;
            return LiveMessage.Result.of(finalJob);
        }
        return null;
    }

    /** Whether the result is due: it goes even to a socket that is still writing output. */
    boolean atEnd() {
        return !done && finalJob != null && nextSeq >= finalJob.outputChunks();
    }

    /** Whether the next chunk is not at hand and may be in the stored log. */
    boolean wantsRead() {
        return !done && !early.containsKey(nextSeq) && nextSeq < storedUpTo;
    }

    /** Chunk {@code nextSeq}, from the early ones or the log, and moves past it; {@code null} when not there yet. */
    private OutputChunk nextChunk(boolean mayRead) {
        OutputChunk chunk = takeEarly(nextSeq);
        if (chunk == null && mayRead && nextSeq < storedUpTo) {
            chunk = stored.chunk(attempts, nextSeq);
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

    private OutputChunk takeEarly(long seq) {
        OutputChunk chunk = early.remove(seq);
        if (chunk != null) {
            earlyChars -= chunk.data().length();
        }
        return chunk;
    }

    /** {@code first}, joined with the chunks of its stream that are at hand and follow it. */
    private LiveMessage joinFollowing(OutputChunk first, boolean mayRead) {
        StringBuilder data = null;
        long last = first.seq();
        StreamName stream = first.stream();
        while (true) {
            OutputChunk following = early.get(nextSeq);
            if (following == null && mayRead && nextSeq < storedUpTo) {
                following = stored.chunk(attempts, nextSeq);
            }
            int size = data == null ? first.data().length() : data.length();
            if (following == null || following.stream() != stream || size + following.data().length() > JOINED_MAX) {
                break;
            }
            takeEarly(nextSeq);
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
