package io.nodechecker.runner.output;

import io.nodechecker.model.StreamName;

/** Passes output on and keeps the last few kilobytes of it, to judge what a phase printed. */
public final class TailSink implements ChunkSink {

    private static final int KEEP = 16 * 1024;

    private final ChunkSink next;
    private final StringBuilder tail = new StringBuilder();

    public TailSink(ChunkSink next) {
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

    public synchronized String tail() {
        return tail.toString();
    }
}
