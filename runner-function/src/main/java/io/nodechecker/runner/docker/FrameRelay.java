package io.nodechecker.runner.docker;

import io.nodechecker.runner.output.ChunkSink;
import io.nodechecker.runner.output.Utf8Boundary;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.nodechecker.model.StreamName;

/**
 * Hands an attached exec's frames to a {@link ChunkSink}, stdout and stderr kept apart. Docker
 * reuses a frame's buffer, so the payload is decoded (copied) before it is handed on.
 */
final class FrameRelay extends ResultCallback.Adapter<Frame> {

    private final ChunkSink sink;
    private final Utf8Boundary stdout = new Utf8Boundary();
    private final Utf8Boundary stderr = new Utf8Boundary();

    FrameRelay(ChunkSink sink) {
        this.sink = sink;
    }

    @Override
    public void onNext(Frame frame) {
        switch (frame.getStreamType()) {
            case STDOUT, RAW -> emit(StreamName.STDOUT, stdout.decode(frame.getPayload()));
            case STDERR -> emit(StreamName.STDERR, stderr.decode(frame.getPayload()));
            default -> {
                // STDIN echoes are not output.
            }
        }
    }

    @Override
    public void onComplete() {
        emit(StreamName.STDOUT, stdout.flush());
        emit(StreamName.STDERR, stderr.flush());
        super.onComplete();
    }

    private void emit(StreamName stream, String text) {
        if (!text.isEmpty()) {
            sink.write(stream, text);
        }
    }
}
