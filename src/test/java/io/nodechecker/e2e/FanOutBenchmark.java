package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
        try (TestStack stack = new TestStack(2).profiled()) {
            AppProcess gateway = stack.startGateway();
            Api api = stack.api(gateway);
            String id = api.submitTarball(Fixtures.tarball("ticker"));
            HttpClient http = HttpClient.newHttpClient();
            ConcurrentLinkedQueue<Double> delays = new ConcurrentLinkedQueue<>();
            List<AtomicInteger> lines = new ArrayList<>();
            List<Viewer> viewers = new ArrayList<>();
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int v = 0; v < VIEWERS; v++) {
                AtomicInteger count = new AtomicInteger();
                Viewer viewer = new Viewer(delays, count);
                lines.add(count);
                viewers.add(viewer);
                opening.add(http.newWebSocketBuilder().buildAsync(api.liveUri(id, 0), viewer));
            }
            for (CompletableFuture<WebSocket> socket : opening) {
                socket.get(60, TimeUnit.SECONDS);
            }
            Recording client = JfrProfile.startHere();
            AppProcess runner = stack.startRunner(); // the job starts only now, with every viewer watching
            Instant jobStarts = Instant.now();
            for (Viewer viewer : viewers) {
                viewer.closed.get(5, TimeUnit.MINUTES);
            }
            JfrProfile.Window window = JfrProfile.Window.since(jobStarts);
            stack.close();
            Map<String, Path> recordings = new LinkedHashMap<>();
            recordings.put("gateway", gateway.recording());
            recordings.put("runner", runner.recording());
            recordings.put(VIEWERS + " viewers (the benchmark's JVM)", JfrProfile.stopHere(client));
            String profile = JfrProfile.section(recordings, List.of(window), false);
            double[] all = delays.stream().mapToDouble(Double::doubleValue).toArray();
            long complete = lines.stream().filter(c -> c.get() == 1000).count();
            BenchReport.write("fan-out", String.format(Locale.ROOT, """
                    ### %d viewers of one job on one gateway

                    The `ticker` fixture's 1000 time-stamped lines, 5 ms apart, to %d WebSocket viewers in one client
                    process on the same machine; delay = receive time − the container's stamp.

                    | p50 | p95 | p99 | viewers that got every line | target |
                    |---|---|---|---|---|
                    | %.1f ms | %.1f ms | %.1f ms | %d of %d | p95 ≤ 250 ms, nothing lost |

                    %s""", VIEWERS, VIEWERS, BenchReport.percentile(all, 50), BenchReport.percentile(all, 95),
                    BenchReport.percentile(all, 99), complete, VIEWERS, profile));
            assertThat(complete).isEqualTo(VIEWERS);
        }
    }

    /** Records each stamped line's delay; {@code closed} completes when the server closes after the result. */
    private static final class Viewer extends JsonMessageListener {

        private final ConcurrentLinkedQueue<Double> delays;
        private final AtomicInteger lines;

        Viewer(ConcurrentLinkedQueue<Double> delays, AtomicInteger lines) {
            this.delays = delays;
            this.lines = lines;
        }

        @Override
        void onMessage(WebSocket socket, JsonNode message, double receivedMillis) {
            if ("stdout".equals(message.path("stream").asText())) {
                for (String line : message.path("data").asText().split("\n")) {
                    if (line.startsWith("T ")) {
                        delays.add(receivedMillis - Double.parseDouble(line.substring(2)));
                        lines.incrementAndGet();
                    }
                }
            }
        }
    }
}
