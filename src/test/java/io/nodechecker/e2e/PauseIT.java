package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway frozen while its job runs: the rest of the cluster goes on, and the thawed gateway catches up.
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
            ChaosRecord.record(PauseIT.class, "Processes frozen", new ChaosRecord.Row(
                    "a runner frozen mid-job, thawed after its job moved on", "`kill -STOP`, then `kill -CONT` once"
                    + " attempt 2 runs on the other runner (both share one engine)",
                    "attempt 2 PASSED on the other runner with each of its lines once; the thawed runner removed"
                            + " nothing of the other's, stored none of its stale output, and registered again"));
        }
    }

    @Test
    void aGatewayFrozenWhileItsJobRunsHoldsNothingUpAndComesBackWithTheSameRecords() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(3)) {
            AppProcess frozen = stack.startGateway();
            Api frozenApi = stack.api(frozen);
            Api other = stack.api(stack.startGateway());
            stack.startRunner();
            other.awaitRunner();

            String id = frozenApi.submitTarball(Fixtures.tarball("steady"));
            await().atMost(Duration.ofMinutes(1)).until(() -> other.log(id).contains("tick 3"));
            signal("STOP", frozen);
            String whileFrozen;
            try {
                JsonNode job = other.awaitFinal(id, Duration.ofMinutes(2));
                assertThat(job.path("state").asText()).as(job.path("reason").asText()).isEqualTo("PASSED");
                assertThat(job.path("attempts").asInt()).isEqualTo(1);
                whileFrozen = other.submitTarball(Fixtures.tarball("passing"));
                assertThat(other.awaitFinal(whileFrozen, Duration.ofMinutes(2)).path("state").asText()).isEqualTo("PASSED");
            } finally {
                signal("CONT", frozen);
            }

            // Thawed, it rejoins and serves what happened while it was frozen, as the other gateway does.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                for (String job : List.of(id, whileFrozen)) {
                    assertThat(frozenApi.job(job)).isEqualTo(other.job(job));
                    assertThat(frozenApi.log(job)).isEqualTo(other.log(job));
                }
            });
            ChaosRecord.record(PauseIT.class, "Processes frozen", new ChaosRecord.Row(
                    "the gateway a job was submitted to frozen while the job runs, thawed later", "`kill -STOP`, then"
                    + " `kill -CONT` once the other gateway saw the job end and ran another",
                    "the job PASSED on its first attempt (the runner does not need that gateway); a job submitted to the"
                            + " other gateway meanwhile PASSED; thawed, the gateway served both jobs' records and logs"
                            + " as the other gateway does"));
        }
    }

    private static void signal(String signal, AppProcess process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
