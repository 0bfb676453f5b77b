package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
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
        try (TestStack stack = new TestStack(2)) {
            Api api = stack.api(stack.startGateway(TestStack.MANY_VIEWERS));
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
