package io.nodechecker.gateway.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.model.LiveMessage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One viewed job's live messages as frames. Viewers in step with the job are sent the same output
 * messages (the same range of chunks), so an output message is encoded once, by the first viewer that
 * sends it, and the frame is kept for the others; so is the latest state or result, which every viewer
 * is sent.
 */
final class FrameEncoder {

    /** Output frames kept per job: enough for a batch of several runs of one stream. */
    static final int KEPT = 16;

    private final ObjectMapper mapper;
    // Output frames by their first sequence number; the same range of one job has the same text.
    private final Map<Long, Kept> kept = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Kept> eldest) {
            return size() > KEPT;
        }
    };

    private record Kept(long last, LiveFrame frame) {
    }

    private record Latest(LiveMessage message, LiveFrame frame) {
    }

    private volatile Latest latest;

    FrameEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    LiveFrame frame(LiveMessage message) {
        if (!(message instanceof LiveMessage.Output output)) {
            Latest known = latest;
            if (known != null && known.message().equals(message)) {
                return known.frame();
            }
            LiveFrame frame = encode(message);
            latest = new Latest(message, frame);
            return frame;
        }
        long first = output.first() == null ? output.seq() : output.first();
        synchronized (kept) {
            Kept known = kept.get(first);
            if (known != null && known.last() == output.seq()) {
                return known.frame();
            }
        }
        LiveFrame frame = encode(output);
        synchronized (kept) {
            kept.put(first, new Kept(output.seq(), frame));
        }
        return frame;
    }

    private LiveFrame encode(LiveMessage message) {
        try {
            return LiveFrame.of(mapper.writeValueAsBytes(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
