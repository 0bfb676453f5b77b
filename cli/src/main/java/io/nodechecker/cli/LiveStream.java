package io.nodechecker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Follows one job's live stream and prints it as it comes: stdout to stdout, stderr to stderr,
 * colours as the package wrote them. When a connection drops before the result, it reconnects —
 * to the next gateway when there are several — from the last sequence number it printed, so
 * nothing is shown twice and nothing is missed.
 */
final class LiveStream {

    private static final int MAX_RECONNECTS = 30;

    private final GatewayClient client;
    private final ObjectMapper mapper;
    private final PrintStream out;
    private final PrintStream err;
    private final OutputStream save;
    private long nextSeq;
    private JsonNode result;

    /** @param save receives the job's output exactly as the gateway stores it, or {@code null} */
    LiveStream(GatewayClient client, ObjectMapper mapper, PrintStream out, PrintStream err, OutputStream save) {
        this.client = client;
        this.save = save;
        this.mapper = mapper;
        this.out = out;
        this.err = err;
    }

    /** Prints the job's output until its result arrives; returns the result message. */
    JsonNode follow(List<URI> gateways, String jobId) throws InterruptedException {
        for (int attempt = 0; attempt <= MAX_RECONNECTS && result == null; attempt++) {
            URI gateway = gateways.get(attempt % gateways.size());
            URI live = URI.create(gateway.toString().replaceFirst("^http", "ws") + "/api/jobs/" + jobId
                    + "/live?from=" + nextSeq);
            CompletableFuture<Void> closed = new CompletableFuture<>();
            long before = nextSeq;
            try {
                WebSocket.Builder socket = client.http().newWebSocketBuilder();
                if (client.token() != null && !client.token().isBlank()) {
                    socket.header("Authorization", "Bearer " + client.token());
                }
                socket.buildAsync(live, new Printer(closed)).get(10, TimeUnit.SECONDS);
                closed.get();
            } catch (Exception e) {
                if (result == null && attempt > 0) {
                    TimeUnit.MILLISECONDS.sleep(Math.min(2000, 200L * attempt));
                }
            }
            if (nextSeq > before) {
                // It got somewhere (a gateway closes a viewer that falls 1 MiB behind): not a failure.
                attempt = -1;
            }
        }
        return result;
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
                PrintStream target = "stderr".equals(message.path("stream").asText()) ? err : out;
                target.print(data);
                target.flush();
                if (save != null) {
                    save.write(data.getBytes(StandardCharsets.UTF_8));
                }
            }
            case "result" -> result = message;
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
