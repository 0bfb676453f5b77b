package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket viewer that records every message. It can leave by itself after a number of output
 * messages, as a viewer whose connection drops would.
 */
final class LiveRecorder extends JsonMessageListener {

    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final int leaveAfterOutputs;
    private int outputs;

    private LiveRecorder(int leaveAfterOutputs) {
        this.leaveAfterOutputs = leaveAfterOutputs;
    }

    static LiveRecorder watch(URI live) throws Exception {
        return watch(live, Integer.MAX_VALUE);
    }

    static LiveRecorder watch(URI live, int leaveAfterOutputs) throws Exception {
        LiveRecorder recorder = new LiveRecorder(leaveAfterOutputs);
        Api.HTTP.newWebSocketBuilder().buildAsync(live, recorder).get(10, TimeUnit.SECONDS);
        return recorder;
    }

    /** Opens a live stream with extra handshake headers, e.g. a browser's Origin. */
    static java.util.concurrent.CompletableFuture<WebSocket> open(URI live, String... headersAndValues) {
        WebSocket.Builder builder = Api.HTTP.newWebSocketBuilder();
        for (int i = 0; i + 1 < headersAndValues.length; i += 2) {
            builder.header(headersAndValues[i], headersAndValues[i + 1]);
        }
        return builder.buildAsync(live, new LiveRecorder(Integer.MAX_VALUE));
    }

    /** Waits for the server (or this viewer) to close; returns the close code. */
    int awaitClose(long seconds) throws Exception {
        return closed.get(seconds, TimeUnit.SECONDS);
    }

    List<JsonNode> outputs() {
        return messages.stream().filter(m -> "output".equals(m.path("type").asText())).toList();
    }

    String text() {
        StringBuilder text = new StringBuilder();
        outputs().forEach(m -> text.append(m.path("data").asText()));
        return text.toString();
    }

    JsonNode last() {
        return messages.get(messages.size() - 1);
    }

    @Override
    void onMessage(WebSocket socket, JsonNode message, double receivedMillis) {
        messages.add(message);
        if ("output".equals(message.path("type").asText()) && ++outputs >= leaveAfterOutputs) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "leaving");
            closed.complete(-1);
        }
    }
}
