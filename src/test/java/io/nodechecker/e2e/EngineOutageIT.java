package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Docker engine stops under a running job and comes back. The runner leaves dispatch while its
 * engine does not answer (not ready, and {@code unready} in the registry, naming the engine), hands its
 * job back without counting the attempt, and takes it again once the engine answers; the janitor
 * clears what the outage left. This stops this machine's engine for a few seconds: nothing else runs
 * beside it in the suite.
 */
class EngineOutageIT {

    @Test
    void aJobWhoseEngineStopsUnderItStillPasses() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2)) {
            Api api = stack.startGatewayAndRunner(List.of(), "nodechecker.runner.capacity=1");
            AppProcess runner = stack.processes().get(1);

            String id = api.submitTarball(Fixtures.tarball("steady"));
            await().atMost(Duration.ofMinutes(2)).until(() -> api.log(id).contains("tick 3"));

            Engine.stop();
            try {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(status(runner, "/q/health/ready")).isEqualTo(503);
                    assertThat(api.get("/api/runners").json().get(0).path("unready").asText()).contains("Docker engine");
                    JsonNode waiting = api.job(id);
                    assertThat(waiting.path("state").asText()).isEqualTo("QUEUED");
                    assertThat(waiting.path("attempts").asInt()).isZero();
                });
            } finally {
                Engine.start();
            }

            JsonNode job = api.awaitFinal(id, Duration.ofMinutes(3));
            assertThat(job.path("outcome").asText()).as(job.toString()).isEqualTo("PASSED");
            assertThat(job.path("attempts").asInt()).isEqualTo(1);
            // Which words depend on the moment: a ping that already fails ("does not answer"), or a failed call
            // while pings still pass ("failed"); either way the engine is named and the attempt does not count.
            assertThat(api.log(id)).containsPattern("the Docker engine (does not answer|failed) \\(")
                    .contains("this attempt does not count").contains("ok 1 steady");
            assertThat(api.get("/api/runners").json().get(0).path("unready").isMissingNode()
                    || api.get("/api/runners").json().get(0).path("unready").isNull()).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.leftoverJobContainers().isEmpty());
            ChaosRecord.record(EngineOutageIT.class, "The Docker engine", new ChaosRecord.Row(
                    "the Docker engine stops under a running job, then starts again", "`pkill -TERM -x dockerd` until"
                    + " it is gone, then `scripts/engine.sh` once the runner reported it",
                    "the runner turned unready naming the engine within 30 s, the job went back to the queue with 0"
                    + " attempts counted, then PASSED on attempt 1 once the engine answered; the log says the attempt"
                    + " did not count; no job container was left"));
        }
    }

    private static int status(AppProcess app, String path) throws Exception {
        return Api.HTTP.send(HttpRequest.newBuilder(app.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** This machine's Docker engine: stopped as an operator or a crash would, started as CI starts it. */
    private static final class Engine {

        static void stop() throws Exception {
            Process kill = new ProcessBuilder("pkill", "-TERM", "-x", "dockerd").redirectErrorStream(true).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("no dockerd process to stop: " + new String(kill.getInputStream().readAllBytes()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    new ProcessBuilder("docker", "info").start().waitFor() != 0);
            // Gone for good before it is started again: a second dockerd beside a stopping one fails to start.
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    new ProcessBuilder("pgrep", "-x", "dockerd").start().waitFor() != 0);
        }

        static void start() throws Exception {
            Process engine = new ProcessBuilder("bash", TestStack.ROOT.resolve("scripts/engine.sh").toString())
                    .redirectErrorStream(true).start();
            String said = new String(engine.getInputStream().readAllBytes());
            if (engine.waitFor() != 0) {
                throw new IllegalStateException("the Docker engine did not start again: " + said);
            }
        }
    }
}
