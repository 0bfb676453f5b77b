package io.nodechecker.cluster.codec;

import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;

import java.nio.charset.StandardCharsets;

/**
 * A stored output chunk as bytes: one byte for the stream, then the text as UTF-8. The key already
 * says the job and the sequence number, so nothing else is stored, and no JSON is written or parsed
 * on the way from the container to the viewer's gateway.
 */
public final class OutputCodec {

    private static final StreamName[] STREAMS = StreamName.values();

    private OutputCodec() {
    }

    public static byte[] encode(StreamName stream, String data) {
        byte[] text = data.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[text.length + 1];
        value[0] = (byte) stream.ordinal();
        System.arraycopy(text, 0, value, 1, text.length);
        return value;
    }

    public static OutputChunk decode(String jobId, long seq, byte[] value) {
        if (value == null) {
            return null;
        }
        if (value.length == 0 || value[0] < 0 || value[0] >= STREAMS.length) {
            throw new IllegalStateException("stored output chunk " + jobId + ":" + seq + " is not readable");
        }
        return new OutputChunk(jobId, seq, STREAMS[value[0]], new String(value, 1, value.length - 1, StandardCharsets.UTF_8));
    }
}
