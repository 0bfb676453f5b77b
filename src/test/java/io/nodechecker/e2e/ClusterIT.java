package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateways and three runners of capacity one, as real processes: work spreads by load, each job
 * runs once, a runner or a gateway killed mid-job costs nothing but a retry or a reconnect.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static TestStack stack;
    private static AppProcess gatewayA;
    private static AppProcess gatewayB;
    private static final List<AppProcess> runners = new ArrayList<>();
    private static Api apiA;
    private static Api apiB;

    @BeforeAll
    static void start() throws Exception {
        TestStack.requireDockerEngine();
        stack = new TestStack(5);
        gatewayA = stack.startGateway();
        gatewayB = stack.startGateway();
        for (int i = 0; i < 3; i++) {
            runners.add(stack.startRunner("nodechecker.runner.capacity=1"));
        }
        apiA = stack.api(gatewayA);
        apiB = stack.api(gatewayB);
        await().atMost(Duration.ofSeconds(30)).until(() -> apiB.get("/api/runners").json().size() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.leftoverContainers().isEmpty());
    }

    @Test
    @Order(1)
    void spreadsJobsByLoadAndRunsEachExactlyOnce() throws Exception {
        byte[] tarball = Fixtures.tarball("passing");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Both gateways take jobs, so both dispatch from the one queue at the same time.
            ids.add((i % 2 == 0 ? apiA : apiB).submitTarball(tarball));
        }

        List<JsonNode> jobs = new ArrayList<>();
        for (String id : ids) {
            jobs.add(apiA.awaitFinal(id, Duration.ofMinutes(3)));
        }

        Map<String, Integer> perRunner = new HashMap<>();
        for (JsonNode job : jobs) {
            assertThat(job.path("state").asText()).isEqualTo("PASSED");
            assertThat(job.path("attempts").asInt()).as("attempts of %s", job.path("id")).isEqualTo(1);
            assertThat(count(apiB.log(job.path("id").asText()), "fetch nc-fixture-passing")).isEqualTo(1);
            perRunner.merge(job.path("runner").asText(), 1, Integer::sum);
        }
        assertThat(perRunner).hasSize(3);
        for (JsonNode job : jobs) {
            Map<String, Integer> inFlight = inFlightAt(jobs, Instant.parse(job.path("dispatchedAt").asText()));
            int busiest = inFlight.values().stream().max(Integer::compare).orElse(0);
            int idlest = runners.stream().mapToInt(r -> inFlight.getOrDefault(stack.runnerId(r), 0)).min().orElse(0);
            assertThat(busiest - idlest).as("imbalance when %s was dispatched", job.path("id")).isLessThanOrEqualTo(1);
        }
    }

    @Test
    @Order(2)
    void rerunsTheJobOfAKilledRunnerElsewhere() throws Exception {
        String id = apiA.submitTarball(Fixtures.tarball("steady"));
        await().atMost(Duration.ofMinutes(1)).until(() -> apiA.log(id).contains("tick 3"));
        String doomed = apiA.job(id).path("runner").asText();
        AppProcess victim = runners.stream().filter(r -> stack.runnerId(r).equals(doomed)).findFirst().orElseThrow();

        victim.kill();
        JsonNode job = apiB.awaitFinal(id, Duration.ofMinutes(2));

        assertThat(job.path("state").asText()).isEqualTo("PASSED");
        assertThat(job.path("attempts").asInt()).isEqualTo(2);
        assertThat(job.path("runner").asText()).isNotEqualTo(doomed);
        assertThat(apiB.log(id)).contains("attempt 2 of 3 starts on").contains("runner " + doomed + " was lost");
        runners.remove(victim);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(containersOf(doomed)).isEmpty());
        ChaosRecord.record(ClusterIT.class, "Processes killed and stopped", new ChaosRecord.Row(
                "a runner killed mid-job", "`kill -9` of the runner process (two gateways, three runners)",
                "the job ran again on another runner (attempt 2 of 3) and PASSED; its log names the lost runner;"
                        + " the dead runner's containers were removed by the other runners' janitors within 30 s"));
    }

    @Test
    @Order(3)
    void viewerResumesOnAnotherGatewayWhenItsGatewayDies() throws Exception {
        String id = apiB.submitTarball(Fixtures.tarball("steady"));
        LiveRecorder first = LiveRecorder.watch(apiA.liveUri(id, 0));
        await().atMost(Duration.ofMinutes(1)).until(() -> first.text().contains("tick 5"));

        gatewayA.kill();
        await().atMost(Duration.ofSeconds(30)).until(first.closed::isDone);
        List<JsonNode> seen = first.outputs();
        long resumeFrom = seen.get(seen.size() - 1).path("seq").asLong() + 1;
        LiveRecorder second = LiveRecorder.watch(apiB.liveUri(id, resumeFrom));

        second.awaitClose(120);
        assertThat(second.last().path("type").asText()).isEqualTo("result");
        assertThat(second.last().path("outcome").asText()).isEqualTo("PASSED");
        assertThat(first.text() + second.text()).isEqualTo(apiB.log(id));
        ChaosRecord.record(ClusterIT.class, "Processes killed and stopped", new ChaosRecord.Row(
                "a gateway killed while a viewer watches a job through it", "`kill -9` of the gateway process",
                "the viewer's socket closed; resumed on the other gateway from the next sequence number, it got the"
                        + " rest and the result (PASSED): both parts together are the stored log, byte for byte"));
    }

    @Test
    @Order(4)
    void aRunnerStoppedMidJobHandsItBackAndRemovesItsContainer() throws Exception {
        String id = apiB.submitTarball(Fixtures.tarball("slow"), "timeoutSeconds", "240");
        await().atMost(Duration.ofMinutes(1)).until(() -> apiB.log(id).contains("still working"));
        String stopping = apiB.job(id).path("runner").asText();
        AppProcess victim = runners.stream().filter(r -> stack.runnerId(r).equals(stopping)).findFirst().orElseThrow();

        victim.close(); // SIGTERM: it drains for 30 s, and this job never ends by itself
        runners.remove(victim);

        // Its own doing, not a janitor's: the container is gone when the process has exited.
        assertThat(containersOf(stopping)).isEmpty();
        assertThat(victim.logText()).contains("job " + id + " still runs as the runner stops");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonNode job = apiB.job(id);
            assertThat(job.path("state").asText()).isEqualTo("RUNNING");
            assertThat(job.path("runner").asText()).isNotEqualTo(stopping);
        });
        assertThat(apiB.job(id).path("attempts").asInt()).isEqualTo(1);
        assertThat(apiB.log(id)).contains("runner " + stopping + " stopped while the job ran: the job goes back to the queue");
        apiB.send(HttpRequest.newBuilder(apiB.uri("/api/jobs/" + id + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()));
        ChaosRecord.record(ClusterIT.class, "Processes killed and stopped", new ChaosRecord.Row(
                "a runner stopped while a job that never ends runs", "SIGTERM to the runner process",
                "after 30 s of draining it handed the job back (the attempt does not count) and removed the container"
                        + " before it exited; another runner took the job"));
    }

    private List<String> containersOf(String runnerId) throws Exception {
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=" + TestStack.RUNNER_LABEL + "=" + runnerId)
                .redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes()).trim();
        ps.waitFor();
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    /** Jobs each runner held at {@code at}: dispatched at or before it, not yet finished. */
    private static Map<String, Integer> inFlightAt(List<JsonNode> jobs, Instant at) {
        Map<String, Integer> inFlight = new HashMap<>();
        for (JsonNode job : jobs) {
            Instant dispatched = Instant.parse(job.path("dispatchedAt").asText());
            Instant finished = Instant.parse(job.path("finishedAt").asText());
            if (!dispatched.isAfter(at) && finished.isAfter(at)) {
                inFlight.merge(job.path("runner").asText(), 1, Integer::sum);
            }
        }
        return inFlight;
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
