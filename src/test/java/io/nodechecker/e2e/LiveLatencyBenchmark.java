package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        // With -Dnodechecker.baseline=DIR, rounds of the replaced design alternate with this one's.
        String baseline = System.getProperty("nodechecker.baseline");
        Path replaced = baseline == null || baseline.isBlank() ? null : Path.of(baseline);
        StringBuilder rows = new StringBuilder();
        for (int round = 0; round < (replaced == null ? 1 : 2); round++) {
            rows.append(row("this design", latencies(null)));
            if (replaced != null) {
                rows.append(row("replaced design (" + replaced.getFileName() + ")", latencies(replaced)));
            }
        }
        BenchReport.write("live-latency", String.format(Locale.ROOT, """
                ### Container write → WebSocket viewer, one gateway on loopback

                1000 lines written 5 ms apart by the `ticker` fixture to one viewer; each line's delay is the
                viewer's receive time minus the time the container stamped on it. One warm-up job first.

                | design | p50 | p99 | max | target |
                |---|---|---|---|---|
                %s""", rows));
    }

    private static String row(String design, double[] latencies) {
        assertThat(latencies).hasSize(1000);
        return String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms | ≤ 5 ms / ≤ 50 ms |%n", design,
                BenchReport.percentile(latencies, 50), BenchReport.percentile(latencies, 99),
                BenchReport.percentile(latencies, 100));
    }

    private static double[] latencies(Path checkout) throws Exception {
        try (TestStack stack = new TestStack(2)) {
            if (checkout != null) {
                stack.appsFrom(checkout);
            }
            Api api = stack.api(stack.startGateway(TestStack.MANY_VIEWERS));
            stack.startRunner();
            api.awaitRunner();
            measure(api); // warm-up
            return measure(api);
        }
    }

    private static double[] measure(Api api) throws Exception {
        String id = api.submitTarball(Fixtures.tarball("ticker"));
        List<Double> delays = new ArrayList<>();
        JsonMessageListener viewer = new JsonMessageListener() {
            @Override
            void onMessage(WebSocket socket, JsonNode message, double receivedMillis) {
                if ("stdout".equals(message.path("stream").asText())) {
                    for (String line : message.path("data").asText().split("\n")) {
                        if (line.startsWith("T ")) {
                            delays.add(receivedMillis - Double.parseDouble(line.substring(2)));
                        }
                    }
                }
            }
        };
        Api.HTTP.newWebSocketBuilder().buildAsync(api.liveUri(id, 0), viewer).get(10, TimeUnit.SECONDS);
        viewer.closed.get(300, TimeUnit.SECONDS);
        return delays.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
