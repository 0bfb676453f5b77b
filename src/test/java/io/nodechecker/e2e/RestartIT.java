package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Jobs, results and logs live on disk: the whole cluster stopped and started serves them still. */
class RestartIT {

    @Test
    void servesOldResultsAndLogsAfterTheWholeClusterRestarts() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2)) {
            Api before = stack.api(stack.startGateway());
            stack.startRunner();
            before.awaitRunner();
            String id = before.submitTarball(Fixtures.tarball("failing"));
            JsonNode finished = before.awaitFinal(id, Duration.ofMinutes(2));
            String log = before.log(id);

            List<AppProcess> restarted = stack.restartAll();
            Api after = stack.api(restarted.get(0));

            JsonNode served = after.job(id);
            assertThat(served.path("state").asText()).isEqualTo("FAILED");
            assertThat(served).isEqualTo(finished);
            assertThat(after.log(id)).isEqualTo(log).contains("not ok 2");
            String next = after.submitTarball(Fixtures.tarball("passing"));
            assertThat(after.awaitFinal(next, Duration.ofMinutes(2)).path("state").asText()).isEqualTo("PASSED");
            assertThat(after.get("/api/jobs").json().size()).isEqualTo(2);
        }
    }
}
