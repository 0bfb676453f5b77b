package io.nodechecker.runner.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns one stream's frames into text without splitting a character: Docker cuts frames at byte
 * counts, so a multi-byte UTF-8 character may straddle two frames. The incomplete tail of a frame
 * is held back and put in front of the next one.
 */
public final class Utf8Boundary {

    private final ByteArrayOutputStream held = new ByteArrayOutputStream(4);

    /** The text of everything complete so far; an incomplete trailing character waits for more. */
    public String decode(byte[] frame) {
        byte[] bytes = frame;
        if (held.size() > 0) {
            held.writeBytes(frame);
            bytes = held.toByteArray();
            held.reset();
        }
        int complete = completeLength(bytes);
        held.write(bytes, complete, bytes.length - complete);
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /** What is still held at the end of the stream, however broken. */
    public String flush() {
        String rest = held.toString(StandardCharsets.UTF_8);
        held.reset();
        return rest;
    }

    static int completeLength(byte[] bytes) {
        int n = bytes.length;
        // Look back at most 3 bytes for the lead byte of the last character.
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // continuation byte
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
