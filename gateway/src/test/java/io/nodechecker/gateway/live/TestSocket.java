package io.nodechecker.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.LiveMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A viewer's socket in a unit test: it decodes what is written back into messages, and finishes each
 * write at once, or only when told ({@link #holding()}).
 */
final class TestSocket implements ViewerSocket {

    final List<LiveMessage> sent = new ArrayList<>();
    final List<Integer> sizes = new ArrayList<>();
    final List<LiveFrame> frames = new ArrayList<>();
    final List<Promise<Void>> pending = new ArrayList<>();
    Integer closeCode;
    String closeReason;
    private boolean holding;

    /** Writes from now on finish only when {@link #writeOne()} or {@link #writeAll()} says so. */
    TestSocket holding() {
        holding = true;
        return this;
    }

    @Override
    public Future<Void> write(LiveFrame frame) {
        sent.add(decode(frame.text()));
        sizes.add(frame.size());
        frames.add(frame);
        Promise<Void> written = Promise.promise();
        if (holding) {
            pending.add(written);
        } else {
            written.complete();
        }
        return written.future();
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    void writeOne() {
        pending.remove(0).complete();
    }

    void writeAll() {
        while (!pending.isEmpty()) {
            writeOne();
        }
    }

    /** Writes from now on finish at once; so do those on their way. */
    void flowing() {
        holding = false;
        writeAll();
    }

    /** The writes on their way fail, as to a viewer that is gone. */
    void failPending() {
        while (!pending.isEmpty()) {
            pending.remove(0).fail("gone");
        }
    }

    /** The sequence numbers the output messages sent cover, joined ones expanded. */
    List<Long> seqs() {
        List<Long> seqs = new ArrayList<>();
        sent.stream().filter(m -> m instanceof LiveMessage.Output).map(m -> (LiveMessage.Output) m).forEach(output -> {
            for (long seq = output.first() == null ? output.seq() : output.first(); seq <= output.seq(); seq++) {
                seqs.add(seq);
            }
        });
        return seqs;
    }

    private static LiveMessage decode(String text) {
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            return switch (json.path("type").asText()) {
                case "output" -> Json.MAPPER.treeToValue(json, LiveMessage.Output.class);
                case "state" -> Json.MAPPER.treeToValue(json, LiveMessage.State.class);
                case "result" -> Json.MAPPER.treeToValue(json, LiveMessage.Result.class);
                default -> throw new IllegalArgumentException("not a live message: " + text);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
