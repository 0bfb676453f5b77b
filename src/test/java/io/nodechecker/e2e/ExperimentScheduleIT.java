package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schedules of experiments: the nightly one, every 20 s here, on two gateways (each firing starts one
 * experiment in the cluster, not one per gateway), and one for each publish a registry notifies.
 */
class ExperimentScheduleIT {

    private static final String NOTIFY_TOKEN = "notify-" + System.nanoTime();

    @Test
    void eachFiringStartsOneExperimentWhateverTheNumberOfGateways() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(3)) {
            String[] schedule = {"nodechecker.gateway.experiments.nightly.cron=0/20 * * * * ?",
                    "nodechecker.gateway.experiments.nightly.packages=xtend@4.0.2",
                    "nodechecker.gateway.experiments.nightly.baseline=24",
                    "nodechecker.gateway.experiments.nightly.candidate=26"};
            Api api = stack.api(stack.startGateway(schedule));
            stack.startGateway(schedule);
            stack.startRunner();
            api.awaitRunner();

            await().atMost(Duration.ofSeconds(90)).until(() -> api.get("/api/experiments").json().size() >= 2);

            JsonNode listed = api.get("/api/experiments").json();
            List<Instant> started = new ArrayList<>();
            for (JsonNode experiment : listed) {
                assertThat(experiment.path("schedule").asText()).isEqualTo("nightly");
                assertThat(experiment.path("name").asText()).isEqualTo("nightly");
                started.add(Instant.parse(experiment.path("createdAt").asText()));
            }
            // Two gateways fire at the same second: one experiment per firing means 20 s between any two.
            started.sort(null);
            for (int i = 1; i < started.size(); i++) {
                assertThat(Duration.between(started.get(i - 1), started.get(i))).isGreaterThan(Duration.ofSeconds(10));
            }
            JsonNode first = api.get("/api/experiments/" + listed.get(listed.size() - 1).path("id").asText()).json();
            assertThat(first.path("items").get(0).path("package").asText()).isEqualTo("xtend");
        }
    }

    @Test
    void aNotifiedPublishIsTestedAsAnExperimentOnTheNightlyLines() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2)) {
            Api api = stack.api(stack.startGateway("nodechecker.gateway.experiments.on-publish=true",
                    "nodechecker.gateway.hooks.notify-token=" + NOTIFY_TOKEN,
                    "nodechecker.gateway.experiments.nightly.baseline=24",
                    "nodechecker.gateway.experiments.nightly.candidate=26"));
            stack.startRunner();
            api.awaitRunner();

            Api.Answer notified = api.send(HttpRequest.newBuilder(api.uri("/api/hooks/notify"))
                    .header("Authorization", "Bearer " + NOTIFY_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"publishedPackage\":\"xtend@4.0.2\"}")), false);

            assertThat(notified.status()).as(notified.body()).isEqualTo(202);
            assertThat(notified.json().path("jobs")).hasSize(2);
            JsonNode listed = api.get("/api/experiments").json();
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("schedule").asText()).isEqualTo("publish");
            assertThat(listed.get(0).path("name").asText()).isEqualTo("publish:xtend");
            JsonNode experiment = api.get("/api/experiments/" + listed.get(0).path("id").asText()).json();
            assertThat(experiment.path("items").get(0).path("package").asText()).isEqualTo("xtend");
            assertThat(experiment.path("items").get(0).path("baseline").path("node").asText()).isEqualTo("24");
            assertThat(experiment.path("items").get(0).path("candidate").path("node").asText()).isEqualTo("26");
            for (JsonNode job : notified.json().path("jobs")) {
                api.send(HttpRequest.newBuilder(api.uri("/api/jobs/" + job.path("id").asText() + "/cancel"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
            }
        }
    }
}
