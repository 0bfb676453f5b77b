package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.cluster.LoopbackPorts;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's package, installed by {@code scripts/prometheus.sh}) scrapes a running
 * gateway and runner on loopback while real jobs run, and answers an operator's questions: the queue
 * by Node version, outcomes by kind, phase durations, dispatch wait, cluster members.
 */
class MetricsIT {

    @Test
    void prometheusScrapesTheQueueOutcomesAndPhasesOfRealJobs() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2)) {
            Api api = stack.startGatewayAndRunner(List.of(), "nodechecker.runner.capacity=1");
            Process prometheus = startPrometheus(stack.workDir(), stack.processes());
            try {
                URI server = URI.create("http://127.0.0.1:" + prometheusPort);
                await().atMost(Duration.ofSeconds(60)).until(() -> status(server.resolve("/-/ready")) == 200);

                List<String> ids = new ArrayList<>();
                ids.add(api.submitTarball(Fixtures.tarball("passing")));
                ids.add(api.submitTarball(Fixtures.tarball("failing")));
                for (String id : ids) {
                    api.awaitFinal(id, Duration.ofMinutes(3));
                }

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    JsonNode outcomes = query(server, "sum by (outcome) (nodechecker_jobs_finished_total)");
                    assertThat(outcomes).anySatisfy(s -> assertThat(s.path("metric").path("outcome").asText()).isEqualTo("PASSED"));
                    assertThat(outcomes).anySatisfy(s -> assertThat(s.path("metric").path("outcome").asText()).isEqualTo("FAILED"));
                });
                // The queue gauges are refreshed every 5 s: the empty queue shows within a few scrapes.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(query(server, "nodechecker_queue_depth")).anySatisfy(s -> {
                            assertThat(s.path("metric").path("node").asText())
                                    .isEqualTo(NodeImages.defaultMajor());
                            assertThat(s.path("value").get(1).asText()).isEqualTo("0");
                        }));
                assertThat(query(server, "sum by (phase) (nodechecker_job_phase_seconds_count)"))
                        .extracting(s -> s.path("metric").path("phase").asText()).contains("fetch", "install", "test");
                assertThat(query(server, "nodechecker_dispatch_wait_seconds_count")).singleElement()
                        .satisfies(s -> assertThat(s.path("value").get(1).asDouble()).isGreaterThanOrEqualTo(2));
                assertThat(query(server, "nodechecker_cluster_members")).singleElement()
                        .satisfies(s -> assertThat(s.path("value").get(1).asText()).isEqualTo("2"));
                // The shipped Grafana dashboard asks only for series the apps export.
                String dashboard = Files.readString(TestStack.ROOT.resolve("k8s/monitoring/grafana-dashboard.json"));
                Matcher names = Pattern.compile("nodechecker_[a-z_]+").matcher(dashboard);
                while (names.find()) {
                    assertThat(query(server, names.group())).as(names.group()).isNotEmpty();
                }
            } finally {
                prometheus.destroy();
                prometheus.waitFor();
            }
        }
    }

    private int prometheusPort;

    private Process startPrometheus(Path workDir, List<AppProcess> targets) throws Exception {
        prometheusPort = LoopbackPorts.free();
        StringBuilder list = new StringBuilder();
        for (AppProcess target : targets) {
            list.append(list.isEmpty() ? "" : ", ").append("'127.0.0.1:").append(target.port()).append("'");
        }
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: nodechecker
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(list));
        return new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(workDir.resolve("prometheus.out").toFile()).start();
    }

    private static int status(URI uri) {
        try {
            return Api.HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static JsonNode query(URI server, String promql) throws Exception {
        URI uri = server.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        String body = Api.HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        JsonNode answer = Api.JSON.readTree(body);
        assertThat(answer.path("status").asText()).as(body).isEqualTo("success");
        return answer.path("data").path("result");
    }
}
