package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a line takes from the container writing it to a WebSocket viewer on one gateway
 * receiving it. The fixture stamps each line with its own wall-clock time; viewer and container
 * share the host's clock.
 */
class LiveLatencyBenchmark {

    @Test
    void measuresContainerWriteToViewerLatency() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2)) {
            Api api = stack.api(stack.startGateway());
            stack.startRunner();
            WallTimeBenchmark.awaitRunner(api);
            measure(api); // warm-up
            double[] latencies = measure(api);
            BenchReport.write("live-latency", String.format(Locale.ROOT, """
                    ### Container write → WebSocket viewer, one gateway on loopback

                    %d lines written 5 ms apart by the `ticker` fixture; each line's delay is the viewer's
                    receive time minus the time the container stamped on it.

                    | p50 | p99 | max | target |
                    |---|---|---|---|
                    | %.2f ms | %.2f ms | %.2f ms | ≤ 5 ms / ≤ 50 ms |
                    """, latencies.length, BenchReport.percentile(latencies, 50), BenchReport.percentile(latencies, 99),
                    BenchReport.percentile(latencies, 100)));
            assertThat(latencies).hasSize(1000);
        }
    }

    private static double[] measure(Api api) throws Exception {
        String id = api.submitTarball(Fixtures.tarball("ticker"));
        List<Double> delays = new ArrayList<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Api.HTTP.newWebSocketBuilder().buildAsync(api.liveUri(id, 0), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                Instant now = Instant.now();
                double received = now.getEpochSecond() * 1000.0 + now.getNano() / 1e6;
                partial.append(data);
                if (last) {
                    try {
                        JsonNode message = Api.JSON.readTree(partial.toString());
                        if ("stdout".equals(message.path("stream").asText())) {
                            for (String line : message.path("data").asText().split("\n")) {
                                if (line.startsWith("T ")) {
                                    delays.add(received - Double.parseDouble(line.substring(2)));
                                }
                            }
                        }
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
        }).get(10, TimeUnit.SECONDS);
        closed.get(300, TimeUnit.SECONDS);
        return delays.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
