package io.nodechecker.gateway.live;

import io.nodechecker.model.Job;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;
import io.vertx.core.AsyncResult;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * One viewer: the per-viewer stage of the live pipeline. It takes its job's batches and records from the
 * job's fan-out, asks its {@link LiveView} what the viewer gets next, and writes that to the viewer's
 * socket as frames, one message at a time: what comes while a message is on its way is joined into the
 * next. A viewer that keeps up gets each batch as it comes; a slow one, or a gateway too busy to flush
 * every socket at once, makes fewer and bigger messages instead of more work, and costs the gateway at
 * most one message (at most 256 KiB of output). What the view has not at hand is read from the stored
 * log through {@link LogReads}, off the thread that brought the batch.
 * <p>
 * A viewer whose socket takes nothing for {@code stallTimeout} while output waits is closed with code
 * {@link #TRY_AGAIN} and a reason that says where to resume ({@code from=N}); so is one whose stored log
 * could not be read. Its socket's close takes it out of the fan-out.
 */
final class ViewerOutbox {

    /** Close code for a viewer that stopped reading, or that this gateway could not serve: 1013, "try again later". */
    static final int TRY_AGAIN = 1013;

    private final LiveView view;
    private final ViewerSocket socket;
    private final FrameEncoder frames;
    private final LogReads reads;
    private final String name;
    private final LongSupplier clock;
    private long inFlight;
    private int messagesInFlight;
    private long lastProgress;
    // The sequence number after the last output handed to the socket: where this viewer resumes.
    private long resumeFrom;
    private boolean closed;
    private boolean readScheduled;
    // A write that completes at once must not start a second pump inside the first.
    private boolean pumping;

    /**
     * @param name  names the viewer in the log
     * @param from  the first sequence number the viewer asked for
     * @param reads where the stored log is read for this viewer
     */
    ViewerOutbox(String name, LiveView view, ViewerSocket socket, FrameEncoder frames, LogReads reads, long from,
            LongSupplier clock) {
        this.name = name;
        this.view = view;
        this.socket = socket;
        this.frames = frames;
        this.reads = reads;
        this.clock = clock;
        this.resumeFrom = from;
        this.lastProgress = clock.getAsLong();
    }

    String jobId() {
        return view.jobId();
    }

    /** Sends what the viewer asked to replay, reading the log in place. */
    synchronized void start() {
        pump(true);
    }

    /** A batch of the job's chunks, in sequence order. */
    synchronized void offer(List<OutputChunk> batch) {
        view.take(batch);
        pump(false);
    }

    /** The job's record, as an event or a read brought it. */
    synchronized void job(Job job) {
        LiveMessage.State state = view.onJob(job);
        if (state != null) {
            write(state); // states are not held back for room: they are small and few
        }
        pump(false);
    }

    /** Reads the log once more where the last read found nothing ({@link LiveView#probe()}). */
    synchronized void probe() {
        view.probe();
        pump(false);
    }

    synchronized boolean hasRoom() {
        return !closed && messagesInFlight == 0;
    }

    private void pump(boolean mayRead) {
        pumping = true;
        try {
            while (!closed && (messagesInFlight == 0 || view.atEnd())) {
                LiveMessage message = view.next(mayRead);
                if (message == null) {
                    break;
                }
                write(message);
                if (message instanceof LiveMessage.Result) {
                    closed = true;
                    socket.close(1000, ""); // what was sent goes out before the close frame
                    return;
                }
            }
        } finally {
            pumping = false;
        }
        if (!mayRead && !readScheduled && hasRoom() && view.wantsRead()) {
            readScheduled = true;
            reads.read(name, this::readLog, () -> closeToResume("the stored log could not be read"));
        }
    }

    private synchronized void readLog() {
        readScheduled = false;
        pump(true);
    }

    private void write(LiveMessage message) {
        LiveFrame frame = frames.frame(message);
        long bytes = frame.size();
        if (inFlight == 0) {
            lastProgress = clock.getAsLong();
        }
        inFlight += bytes;
        messagesInFlight++;
        if (message instanceof LiveMessage.Output output) {
            resumeFrom = output.seq() + 1;
        }
        socket.write(frame).onComplete(result -> written(bytes, result));
    }

    private synchronized void written(long bytes, AsyncResult<Void> result) {
        inFlight -= bytes;
        messagesInFlight--;
        lastProgress = clock.getAsLong();
        if (result.failed()) {
            closed = true; // the viewer is gone; its socket's close takes it out of the fan-out
        } else if (messagesInFlight == 0 && !pumping) {
            pump(false);
        }
    }

    /**
     * Closes the viewer as too slow when its socket has taken nothing for {@code stallMillis} while
     * output waited; {@code true} when it did.
     */
    synchronized boolean closeIfStalled(long stallMillis) {
        if (closed || inFlight == 0 || clock.getAsLong() - lastProgress < stallMillis) {
            return false;
        }
        closeToResume("viewer too slow");
        return true;
    }

    /**
     * Closes the viewer with {@link #TRY_AGAIN} and a reason that says why and where to resume: a viewer too slow,
     * or one this gateway cannot serve now (its stored log would not be read), which may resume here or elsewhere.
     */
    synchronized void closeToResume(String why) {
        if (!closed) {
            closed = true;
            socket.close(TRY_AGAIN, why + ": reconnect with from=" + resumeFrom);
        }
    }

    synchronized long inFlight() {
        return inFlight;
    }
}
