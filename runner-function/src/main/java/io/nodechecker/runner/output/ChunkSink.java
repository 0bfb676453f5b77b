package io.nodechecker.runner.output;

import io.nodechecker.model.StreamName;

/** Where a container's output goes, piece by piece, in the order it was written. */
public interface ChunkSink {

    void write(StreamName stream, String text);
}
