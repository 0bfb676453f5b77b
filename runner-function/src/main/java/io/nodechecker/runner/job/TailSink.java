package io.nodechecker.runner.job;

import io.nodechecker.model.StreamName;
import io.nodechecker.runner.docker.ChunkSink;

/** Passes output on and keeps the last few kilobytes of it, to judge what a phase printed. */
final class TailSink implements ChunkSink {

    private static final int KEEP = 16 * 1024;

    private final ChunkSink next;
    private final StringBuilder tail = new StringBuilder();

    TailSink(ChunkSink next) {
        this.next = next;
    }

    @Override
    public synchronized void write(StreamName stream, String text) {
        if (next != null) {
            next.write(stream, text);
        }
        if (stream != StreamName.SYSTEM) {
            tail.append(text);
            if (tail.length() > 2 * KEEP) {
                tail.delete(0, tail.length() - KEEP);
            }
        }
    }

    synchronized String tail() {
        return tail.toString();
    }
}
