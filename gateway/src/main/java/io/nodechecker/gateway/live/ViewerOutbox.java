package io.nodechecker.gateway.live;

import io.nodechecker.model.LiveMessage;

import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One viewer's socket, with what it has not written out yet counted. {@link LiveView} hands it output
 * only while {@link #hasRoom()}, that is while no message is on its way: what comes meanwhile is joined
 * into the next message. A viewer that keeps up gets each chunk as it comes; a slow one, or a gateway
 * too busy to flush every viewer's socket at once, makes fewer and bigger messages instead of more
 * work, and a viewer costs the gateway at most one message (at most 256 KiB of output). A viewer whose
 * socket takes nothing for {@code stallTimeout} while output waits is closed with code
 * {@link #TRY_AGAIN} and a reason that says where to resume ({@code from=N}); so is one whose stored log
 * could not be read ({@link #closeToResume}).
 */
final class ViewerOutbox {

    /** Close code for a viewer that stopped reading, or that this gateway could not serve: 1013, "try again later". */
    static final int TRY_AGAIN = 1013;

    /** The socket, as this class needs it. */
    interface Wire {
        /** Writes one text frame; {@code written} runs once it has left (or failed to). */
        void send(String text, Runnable written);

        void close(int code, String reason);
    }

    private final Wire wire;
    private final Function<LiveMessage, String> encode;
    private final LongSupplier clock;
    private Runnable onRoom = () -> {
    };
    private long inFlight;
    private int messagesInFlight;
    private long lastProgress;
    // The sequence number after the last output handed to the socket: where this viewer resumes.
    private long resumeFrom;
    private boolean closed;
    private boolean tooSlow;

    ViewerOutbox(Wire wire, Function<LiveMessage, String> encode, long from, LongSupplier clock) {
        this.wire = wire;
        this.encode = encode;
        this.clock = clock;
        this.resumeFrom = from;
        this.lastProgress = clock.getAsLong();
    }

    /** What to do when the socket has room again after being full. */
    void onRoom(Runnable onRoom) {
        this.onRoom = onRoom;
    }

    synchronized boolean hasRoom() {
        return !closed && messagesInFlight == 0;
    }

    synchronized void send(LiveMessage message) {
        if (closed) {
            return;
        }
        String text = encode.apply(message);
        long bytes = text.length();
        if (inFlight == 0) {
            lastProgress = clock.getAsLong();
        }
        inFlight += bytes;
        messagesInFlight++;
        if (message instanceof LiveMessage.Output output) {
            resumeFrom = output.seq() + 1;
        }
        wire.send(text, () -> written(bytes));
    }

    /** Closes normally: what was sent goes out before the close frame. */
    synchronized void finish() {
        if (!closed) {
            closed = true;
            wire.close(1000, "");
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
        tooSlow = true;
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
            wire.close(TRY_AGAIN, why + ": reconnect with from=" + resumeFrom);
        }
    }

    synchronized boolean isClosedAsTooSlow() {
        return tooSlow;
    }

    synchronized long inFlight() {
        return inFlight;
    }

    private void written(long bytes) {
        boolean roomAgain;
        synchronized (this) {
            inFlight -= bytes;
            messagesInFlight--;
            lastProgress = clock.getAsLong();
            roomAgain = messagesInFlight == 0 && !closed;
        }
        // Outside the lock: the view takes its own lock, then this one, to send.
        if (roomAgain) {
            onRoom.run();
        }
    }
}
