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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One viewer of one job. Chunks may arrive out of order (cluster events come on several threads);
 * the view sends each sequence number exactly once, in order, and the result only after the last
 * chunk the job wrote. It sends only while the viewer's socket has room: what the viewer is behind
 * on (a replay from {@code from}, or live output it could not take yet) is read from the stored log
 * when the socket has room again, consecutive chunks of one stream joined into one message.
 * <p>
 * Events and socket callbacks come on threads that must not block, so they send only what is at hand;
 * when the log has to be read, {@code readLog} is asked to run {@link #pump()} where blocking is fine.
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
    private final Consumer<LiveMessage> send;
    private final BooleanSupplier hasRoom;
    private final Runnable finish;
    private final Consumer<Runnable> readLog;
    private boolean readScheduled;
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
     * @param attempts the job's latest attempt when the view opens
     * @param stored looks up a chunk of this job in the stored log
     * @param hasRoom whether the viewer's socket takes more output now; when it did not,
     *                {@link #pumpAtHand()} is to be called once it does
     * @param readLog runs a task where it may block (reading the log)
     */
    LiveView(String jobId, long from, int attempts, StoredLog stored, Consumer<LiveMessage> send,
            BooleanSupplier hasRoom, Runnable finish, Consumer<Runnable> readLog) {
        this.jobId = jobId;
        this.nextSeq = from;
        this.attempts = attempts;
        this.stored = stored;
        this.send = send;
        this.hasRoom = hasRoom;
        this.finish = finish;
        this.readLog = readLog;
    }

    /** A view whose every caller may block: reads the log in place. */
    LiveView(String jobId, long from, int attempts, StoredLog stored, Consumer<LiveMessage> send,
            BooleanSupplier hasRoom, Runnable finish) {
        this(jobId, from, attempts, stored, send, hasRoom, finish, Runnable::run);
    }

    String jobId() {
        return jobId;
    }

    /** Chunks that came together, in sequence order: sent as few messages as the room allows. */
    synchronized void onChunks(List<OutputChunk> chunks) {
        chunks.forEach(this::take);
        pump(false);
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

    synchronized void onJob(Job job) {
        if (done || finalJob != null) {
            return; // the end is known; a late or repeated record changes nothing
        }
        boolean newAttempt = job.attempts() > attempts;
        if (newAttempt) {
            // A new attempt writes under its own keys: what its first chunks' events did not bring, the log has.
            attempts = job.attempts();
            storedUpTo = Long.MAX_VALUE;
        }
        if (job.state().isFinal()) {
            finalJob = job;
            // The runner stored every chunk before the final state: what events did not bring is in the log.
            storedUpTo = job.outputChunks();
            pump(false);
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
        if (newAttempt) {
            pump(false);
        }
    }

    /**
     * The sure way behind events for output: a view that stopped reading the log where its read found nothing,
     * and has nothing at hand to send, reads there once more. A chunk stored before the view opened brings
     * no event; a read that missed it would otherwise leave the view waiting until a later chunk's event.
     */
    synchronized void probe() {
        if (done || finalJob != null || nextSeq < storedUpTo || early.containsKey(nextSeq)) {
            return;
        }
        storedUpTo = Long.MAX_VALUE;
        pump(false);
    }

    /** Sends what the viewer's socket has room for, reading the log where needed; then the result. */
    synchronized void pump() {
        readScheduled = false;
        pump(true);
    }

    /** Sends what the viewer's socket has room for from what is at hand; never blocks. */
    synchronized void pumpAtHand() {
        pump(false);
    }

    private void pump(boolean mayRead) {
        while (!done && hasRoom.getAsBoolean()) {
            OutputChunk first = next(mayRead);
            if (first == null) {
                break;
            }
            LiveMessage message = joinFollowing(first, mayRead);
            send.accept(message);
        }
        if (!done && finalJob != null && nextSeq >= finalJob.outputChunks()) {
            done = true;
            early.clear();
            earlyChars = 0;
            send.accept(LiveMessage.Result.of(finalJob));
            finish.run();
            return;
        }
        if (!done && !mayRead && !readScheduled && hasRoom.getAsBoolean() && !early.containsKey(nextSeq)
                && nextSeq < storedUpTo) {
            readScheduled = true;
            readLog.accept(this::pump);
        }
    }

    /** Chunk {@code nextSeq}, from the early ones or the log, and moves past it; {@code null} when not there yet. */
    private OutputChunk next(boolean mayRead) {
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
