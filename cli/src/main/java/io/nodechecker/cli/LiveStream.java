package io.nodechecker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows one job's live stream and prints it as it comes: stdout to stdout, stderr to stderr,
 * colours as the package wrote them. When a connection drops before the result, it reconnects —
 * to the next gateway when there are several — from the last sequence number it printed, so
 * nothing is shown twice and nothing is missed.
 */
final class LiveStream {

    /** Connections in a row that may bring nothing before the stream is given up. */
    static final int MAX_RECONNECTS = 30;

    private final GatewayClient client;
    private final ObjectMapper mapper;
    private final PrintStream out;
    private final PrintStream err;
    private final OutputStream save;
    // One filter per stream: an escape sequence may be split across two of its chunks.
    private final Map<String, TerminalText> terminal = new HashMap<>();
    private final int maxReconnects;
    private long nextSeq;
    private JsonNode result;

    /** @param save receives the job's output exactly as the gateway stores it, or {@code null} */
    LiveStream(GatewayClient client, ObjectMapper mapper, PrintStream out, PrintStream err, OutputStream save) {
        this(client, mapper, out, err, save, MAX_RECONNECTS);
    }

    LiveStream(GatewayClient client, ObjectMapper mapper, PrintStream out, PrintStream err, OutputStream save,
               int maxReconnects) {
        this.maxReconnects = maxReconnects;
        this.client = client;
        this.save = save;
        this.mapper = mapper;
        this.out = out;
        this.err = err;
    }

    /**
     * Prints the job's output until its result arrives; returns the result message, or {@code null} when
     * {@code maxReconnects} connections in a row brought nothing.
     */
    JsonNode follow(List<URI> gateways, String jobId) {
        while (result == null) {
            long before = nextSeq;
            AtomicInteger turn = new AtomicInteger();
            try {
                // A connection that printed something is a success: the next one starts a fresh count, on the
                // same gateway first (it may only have closed a viewer that fell behind).
                Uni.createFrom().item(() -> connect(gateways.get(turn.getAndIncrement() % gateways.size()), jobId, before))
                        .onFailure(NothingNew.class).retry()
                        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(maxReconnects)
                        .await().indefinitely();
            } catch (NothingNew gaveUp) {
                return null; // the last of maxReconnects connections in a row brought nothing
            }
        }
        return result;
    }

    /** One connection, from the next sequence number on, until it closes; fails when it brought nothing new. */
    private Void connect(URI gateway, String jobId, long before) {
        URI live = URI.create(gateway.toString().replaceFirst("^http", "ws") + "/api/jobs/" + jobId
                + "/live?from=" + nextSeq);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        try {
            WebSocket.Builder socket = client.http().newWebSocketBuilder();
            if (client.token() != null && !client.token().isBlank()) {
                socket.header("Authorization", "Bearer " + client.token());
            }
            socket.buildAsync(live, new Printer(closed)).get(10, TimeUnit.SECONDS);
            closed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            // refused, dropped or timed out: judged by what it brought, below
        }
        if (result == null && nextSeq == before) {
            throw new NothingNew();
        }
        return null;
    }

    /** A connection ended without a new line or the result. */
    private static final class NothingNew extends RuntimeException {
        NothingNew() {
            super(null, null, false, false);
        }
    }

    private void onMessage(String text) throws Exception {
        JsonNode message = mapper.readTree(text);
        switch (message.path("type").asText()) {
            case "output" -> {
                long seq = message.path("seq").asLong();
                if (seq < nextSeq) {
                    return;
                }
                nextSeq = seq + 1;
                String data = message.path("data").asText();
                String stream = message.path("stream").asText();
                PrintStream target = "stderr".equals(stream) ? err : out;
                target.print(terminal.computeIfAbsent(stream, name -> new TerminalText(!"system".equals(name))).filter(data));
                target.flush();
                if (save != null) {
                    save.write(data.getBytes(StandardCharsets.UTF_8));
                }
            }
            case "result" -> {
                terminal.forEach((stream, filter) -> ("stderr".equals(stream) ? err : out).print(filter.flush()));
                result = message;
            }
            default -> {
                // state changes are shown by the runner's own lines in the output
            }
        }
    }

    private final class Printer implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Void> closed;

        Printer(CompletableFuture<Void> closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    onMessage(partial.toString());
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
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
