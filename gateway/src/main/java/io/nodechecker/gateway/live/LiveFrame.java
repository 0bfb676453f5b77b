package io.nodechecker.gateway.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

import java.nio.charset.StandardCharsets;

/**
 * One live message as the UTF-8 bytes of its text frame, encoded once and written to any number of
 * sockets: each write takes a retained view of the same bytes, so nothing is copied or encoded per viewer.
 * The bytes are an unpooled heap buffer, which Vert.x passes to Netty as they are (a pooled one it copies).
 */
final class LiveFrame {

    /** Largest frame written; a longer message goes as continuation frames, as Vert.x splits text messages. */
    static final int MAX_FRAME = 65536;

    private final ByteBuf bytes;

    private LiveFrame(ByteBuf bytes) {
        this.bytes = bytes;
    }

    static LiveFrame of(byte[] utf8) {
        return new LiveFrame(Unpooled.wrappedBuffer(utf8));
    }

    int size() {
        return bytes.readableBytes();
    }

    /** Writes the message to {@code socket}; the future completes when its last frame has left. */
    Future<Void> writeTo(WebSocketBase socket) {
        int size = size();
        if (size <= MAX_FRAME) {
            return socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes.retainedDuplicate(), true));
        }
        Future<Void> last = null;
        for (int at = 0; at < size; at += MAX_FRAME) {
            int length = Math.min(MAX_FRAME, size - at);
            WebSocketFrameType type = at == 0 ? WebSocketFrameType.TEXT : WebSocketFrameType.CONTINUATION;
            last = socket.writeFrame(new WebSocketFrameImpl(type, bytes.retainedSlice(bytes.readerIndex() + at, length),
                    at + length == size));
        }
        return last;
    }

    /** The frame's text, for tests. */
    String text() {
        return bytes.toString(bytes.readerIndex(), size(), StandardCharsets.UTF_8);
    }
}
