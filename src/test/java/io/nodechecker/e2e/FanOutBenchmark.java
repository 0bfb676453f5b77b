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
    // A tenth of the viewers too, in the same run: where the delay starts to grow says what limits it.
    private static final int FEW = Math.max(1, VIEWERS / 10);

    @Test
    void measuresFanOutDelayToAThousandViewers() throws Exception {
        TestStack.requireDockerEngine();
        Run few = run(FEW, false, null);
        Run many = run(VIEWERS, true, null);
        String baseline = System.getProperty("nodechecker.baseline");
        String replaced = "";
        if (baseline != null && !baseline.isBlank()) {
            Run old = run(VIEWERS, false, Path.of(baseline));
            replaced = "\n| replaced design (" + Path.of(baseline).getFileName() + "), " + old.row().substring(2);
        }
        BenchReport.write("fan-out", String.format(Locale.ROOT, """
                ### %d viewers of one job on one gateway

                The `ticker` fixture's 1000 time-stamped lines, 5 ms apart, to WebSocket viewers in one client
                process on the same machine; delay = receive time − the container's stamp.

                | viewers | p50 | p95 | p99 | viewers that got every line | target |
                |---|---|---|---|---|---|
                %s
                %s%s

                %s""", VIEWERS, few.row(), many.row(), replaced, many.profile()));
        assertThat(few.complete()).isEqualTo(FEW);
        assertThat(many.complete()).isEqualTo(VIEWERS);
    }

    private record Run(int viewers, double[] delays, long complete, String profile) {

        String row() {
            return String.format(Locale.ROOT, "| %d | %.1f ms | %.1f ms | %.1f ms | %d of %d | p95 ≤ 250 ms, nothing lost |",
                    viewers, BenchReport.percentile(delays, 50), BenchReport.percentile(delays, 95),
                    BenchReport.percentile(delays, 99), complete, viewers);
        }
    }

    private static Run run(int count, boolean profiled, Path checkout) throws Exception {
        try (TestStack stack = profiled ? new TestStack(2).profiled() : new TestStack(2)) {
            if (checkout != null) {
                stack.appsFrom(checkout);
            }
            AppProcess gateway = stack.startGateway();
            Api api = stack.api(gateway);
            String id = api.submitTarball(Fixtures.tarball("ticker"));
            HttpClient http = HttpClient.newHttpClient();
            ConcurrentLinkedQueue<Double> delays = new ConcurrentLinkedQueue<>();
            List<AtomicInteger> lines = new ArrayList<>();
            List<Viewer> viewers = new ArrayList<>();
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int v = 0; v < count; v++) {
                AtomicInteger lineCount = new AtomicInteger();
                Viewer viewer = new Viewer(delays, lineCount);
                lines.add(lineCount);
                viewers.add(viewer);
                opening.add(http.newWebSocketBuilder().buildAsync(api.liveUri(id, 0), viewer));
            }
            for (CompletableFuture<WebSocket> socket : opening) {
                socket.get(60, TimeUnit.SECONDS);
            }
            Recording client = profiled ? JfrProfile.startHere() : null;
            AppProcess runner = stack.startRunner(); // the job starts only now, with every viewer watching
            Instant jobStarts = Instant.now();
            for (Viewer viewer : viewers) {
                viewer.closed.get(5, TimeUnit.MINUTES);
            }
            JfrProfile.Window window = JfrProfile.Window.since(jobStarts);
            stack.close();
            String profile = "";
            if (profiled) {
                Map<String, Path> recordings = new LinkedHashMap<>();
                recordings.put("gateway", gateway.recording());
                recordings.put("runner", runner.recording());
                recordings.put(count + " viewers (the benchmark's JVM)", JfrProfile.stopHere(client));
                profile = JfrProfile.section(recordings, List.of(window), false);
            }
            long complete = lines.stream().filter(c -> c.get() == 1000).count();
            return new Run(count, delays.stream().mapToDouble(Double::doubleValue).toArray(), complete, profile);
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
