package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A runner frozen mid-job (a stopped VM, {@code kill -STOP}) and thawed after the cluster gave its job to
 * another runner: the thawed runner acts on fresh facts only. It removes nothing of the other runner's
 * (both share one engine, as {@code ./nodechecker up --runners 2} runs them), stores none of its stale
 * attempt's output, and the job ends with the second attempt's verdict.
 */
class PauseIT {

    @Test
    void aRunnerThawedAfterItsJobMovedOnLeavesTheNewAttemptAlone() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(3)) {
            Api api = stack.api(stack.startGateway());
            List<AppProcess> runners = List.of(stack.startRunner("nodechecker.runner.capacity=1"),
                    stack.startRunner("nodechecker.runner.capacity=1"));
            api.awaitRunner();
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/runners").json().size() == 2);

            String id = api.submitTarball(Fixtures.tarball("steady"));
            await().atMost(Duration.ofMinutes(1)).until(() -> api.log(id).contains("tick 3"));
            String frozenId = api.job(id).path("runner").asText();
            AppProcess frozen = runners.stream().filter(r -> stack.runnerId(r).equals(frozenId)).findFirst().orElseThrow();

            signal("STOP", frozen);
            try {
                // Thawed only once the second attempt is well under way on the other runner.
                await().atMost(Duration.ofSeconds(40)).until(() -> {
                    String log = api.log(id);
                    int second = log.indexOf("attempt 2 of 3 starts on");
                    return second >= 0 && log.indexOf("\ntick 3\n", second) > 0;
                });
            } finally {
                signal("CONT", frozen);
            }

            JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));
            assertThat(job.path("state").asText()).as(job.path("reason").asText()).isEqualTo("PASSED");
            assertThat(job.path("attempts").asInt()).isEqualTo(2);
            assertThat(job.path("runner").asText()).isNotEqualTo(frozenId);
            String log = api.log(id);
            String second = log.substring(log.indexOf("attempt 2 of 3 starts on"));
            for (int tick = 0; tick < 40; tick++) {
                assertThat(second.split("\ntick " + tick + "\n", -1)).as("tick %d once in attempt 2", tick).hasSize(2);
            }
            assertThat(second.split("\nok 1 steady\n", -1)).hasSize(2);
            // The thawed runner is back and takes work again.
            await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/runners").json().size() == 2);
        }
    }

    private static void signal(String signal, AppProcess process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
