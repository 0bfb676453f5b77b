package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 viewers of one job on one gateway: how long each line takes to reach each of them (p95),
 * and that every viewer gets every line. The viewers connect while the job waits for a runner.
 */
class FanOutBenchmark {

    private static final int VIEWERS = Integer.getInteger("bench.viewers", 1000);

    @Test
    void measuresFanOutDelayToAThousandViewers() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2)) {
            Api api = stack.api(stack.startGateway());
            String id = api.submitTarball(Fixtures.tarball("ticker"));
            HttpClient http = HttpClient.newHttpClient();
            ConcurrentLinkedQueue<Double> delays = new ConcurrentLinkedQueue<>();
            List<AtomicInteger> lines = new ArrayList<>();
            List<CompletableFuture<Void>> closed = new ArrayList<>();
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int v = 0; v < VIEWERS; v++) {
                AtomicInteger count = new AtomicInteger();
                CompletableFuture<Void> end = new CompletableFuture<>();
                lines.add(count);
                closed.add(end);
                opening.add(http.newWebSocketBuilder().buildAsync(api.liveUri(id, 0), new Viewer(delays, count, end)));
            }
            for (CompletableFuture<WebSocket> socket : opening) {
                socket.get(60, TimeUnit.SECONDS);
            }
            stack.startRunner(); // the job starts only now, with every viewer watching
            for (CompletableFuture<Void> end : closed) {
                end.get(5, TimeUnit.MINUTES);
            }
            double[] all = delays.stream().mapToDouble(Double::doubleValue).toArray();
            long complete = lines.stream().filter(c -> c.get() == 1000).count();
            BenchReport.write("fan-out", String.format(Locale.ROOT, """
                    ### %d viewers of one job on one gateway

                    The `ticker` fixture's 1000 time-stamped lines, 5 ms apart, to %d WebSocket viewers in one client
                    process on the same machine; delay = receive time − the container's stamp.

                    | p50 | p95 | p99 | viewers that got every line | target |
                    |---|---|---|---|---|
                    | %.1f ms | %.1f ms | %.1f ms | %d of %d | p95 ≤ 250 ms, nothing lost |
                    """, VIEWERS, VIEWERS, BenchReport.percentile(all, 50), BenchReport.percentile(all, 95),
                    BenchReport.percentile(all, 99), complete, VIEWERS));
            assertThat(complete).isEqualTo(VIEWERS);
        }
    }

    /** Records each stamped line's delay; completes when the server closes after the result. */
    private static final class Viewer implements WebSocket.Listener {

        private final ConcurrentLinkedQueue<Double> delays;
        private final AtomicInteger lines;
        private final CompletableFuture<Void> end;
        private final StringBuilder partial = new StringBuilder();

        Viewer(ConcurrentLinkedQueue<Double> delays, AtomicInteger lines, CompletableFuture<Void> end) {
            this.delays = delays;
            this.lines = lines;
            this.end = end;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            Instant now = Instant.now();
            double received = now.getEpochSecond() * 1000.0 + now.getNano() / 1e6;
            partial.append(data);
            if (!last) {
                socket.request(1);
                return null;
            }
            try {
                JsonNode message = Api.JSON.readTree(partial.toString());
                partial.setLength(0);
                if ("stdout".equals(message.path("stream").asText())) {
                    for (String line : message.path("data").asText().split("\n")) {
                        if (line.startsWith("T ")) {
                            delays.add(received - Double.parseDouble(line.substring(2)));
                            lines.incrementAndGet();
                        }
                    }
                }
            } catch (Exception e) {
                end.completeExceptionally(e);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            end.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            end.completeExceptionally(error);
        }
    }
}
