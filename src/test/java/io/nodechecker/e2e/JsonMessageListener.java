package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.WebSocket;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A live-stream viewer's plumbing: joins a message's fragments, parses it, hands it on with the
 * moment its first fragment arrived, and completes {@link #closed} when the connection ends.
 */
abstract class JsonMessageListener implements WebSocket.Listener {

    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private double firstFragmentMillis;

    /** One whole message; {@code receivedMillis} is epoch milliseconds with sub-millisecond precision. */
    abstract void onMessage(WebSocket socket, JsonNode message, double receivedMillis) throws Exception;

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        if (partial.isEmpty()) {
            Instant now = Instant.now();
            firstFragmentMillis = now.getEpochSecond() * 1000.0 + now.getNano() / 1e6;
        }
        partial.append(data);
        if (last) {
            try {
                onMessage(socket, Api.JSON.readTree(partial.toString()), firstFragmentMillis);
            } catch (Exception e) {
                closed.completeExceptionally(e);
            }
            partial.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
