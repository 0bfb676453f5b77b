package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The nightly experiment's schedule, every 20 s here, on two gateways: each firing starts one experiment in the
 * cluster, not one per gateway.
 */
class ExperimentScheduleIT {

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
}
