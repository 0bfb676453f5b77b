package io.nodechecker.gateway.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.gateway.GatewayAlone;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.RunnerInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dispatch and lost-runner recovery in the gateway's own Quarkus, on its cluster of one: jobs written to the
 * store as the intake writes them, runners announced in the registry as runners announce themselves, and a
 * scripted runner endpoint on a loopback port that takes or refuses what it is sent.
 */
@QuarkusTest
@TestProfile(GatewayAlone.class)
class DispatchTest {

    @Inject
    Vertx vertx;
    @Inject
    JobStore jobs;
    @Inject
    RunnerRegistry registry;
    @Inject
    OutputLog output;

    private HttpServer endpoint;
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final Queue<JsonNode> received = new ConcurrentLinkedQueue<>();
    private final String node = Integer.toString(30 + (int) (Math.random() * 60)); // a Node only this test's runners offer
    private String runnerId;

    @BeforeEach
    void start() throws Exception {
        endpoint = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(new io.vertx.core.json.JsonObject(body).mapTo(JsonNode.class));
            Integer status = answers.poll();
            request.response().setStatusCode(status == null ? 202 : status).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        runnerId = "runner-" + UUID.randomUUID();
        registry.announce(runner(runnerId, Instant.now()));
    }

    @AfterEach
    void stop() throws Exception {
        registry.remove(runnerId);
        endpoint.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aQueuedJobGoesToARunnerThatOffersItsNode() {
        Job job = queued(node, 2);

        // Claimed (DISPATCHED) first, then sent: wait for both.
        await().atMost(Duration.ofSeconds(20)).until(() -> !requestsFor(job).isEmpty());
        Job sent = jobs.find(job.id()).orElseThrow();

        assertThat(sent.state()).isEqualTo(JobState.DISPATCHED);
        assertThat(sent.runner()).isEqualTo(runnerId);
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(requestsFor(job)).containsExactly(1);
    }

    @Test
    void aRefusedJobGoesBackToTheQueueWithoutUsingAnAttemptAndIsSentAgain() {
        answers.add(503);
        Job job = queued(node, 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> requestsFor(job).size() == 2
                && jobs.find(job.id()).orElseThrow().state() == JobState.DISPATCHED);

        // Both offers were attempt 1: handing back does not count, or a one-attempt job would have ended.
        assertThat(requestsFor(job)).containsExactly(1, 1);
        assertThat(jobs.find(job.id()).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void aJobForANodeNoRunnerOffersWaitsInTheQueue() {
        Job job = queued(Integer.toString(Integer.parseInt(node) + 100), 2);
        Job other = queued(node, 2);

        // A pass ran (the other job went out) and left the first where it was.
        await().atMost(Duration.ofSeconds(20)).until(() -> !requestsFor(other).isEmpty());
        assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(requestsFor(job)).isEmpty();
    }

    @Test
    void aLostRunnersJobIsRequeuedAsANewAttemptAndSentToALiveRunner() {
        String lost = "lost-" + UUID.randomUUID();
        registry.announce(runner(lost, Instant.now().minus(Duration.ofHours(1))));
        Job job = heldBy(lost, 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> !requestsFor(job).isEmpty());
        Job again = jobs.find(job.id()).orElseThrow();

        assertThat(again.state()).isEqualTo(JobState.DISPATCHED);
        assertThat(again.runner()).isEqualTo(runnerId);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(requestsFor(job)).containsExactly(2);
        registry.remove(lost);
    }

    @Test
    void aJobHeldByARunnerTheRegistryDoesNotKnowIsTakenBackAtTheSweep() {
        // No registry entry to fall silent and no view change: only the sweep reads this job.
        Job job = heldBy("unknown-" + UUID.randomUUID(), 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> !requestsFor(job).isEmpty());

        Job again = jobs.find(job.id()).orElseThrow();
        assertThat(again.runner()).isEqualTo(runnerId);
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void aLostRunnersJobOnItsLastAttemptEndsErroredAndSaysWhy() {
        String lost = "lost-" + UUID.randomUUID();
        registry.announce(runner(lost, Instant.now().minus(Duration.ofHours(1))));
        Job job = heldBy(lost, 1);

        Job ended = await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(job.id()).orElseThrow(),
                j -> j.state().isFinal());

        assertThat(ended.state()).isEqualTo(JobState.ERRORED);
        assertThat(ended.reason()).isEqualTo("runner " + lost + " was lost during the last of 1 attempts");
        assertThat(output.readFrom(job.id(), 1, 0)).extracting(OutputChunk::data)
                .anyMatch(line -> line.contains("ERRORED: runner " + lost + " was lost"));
        assertThat(requestsFor(job)).isEmpty();
        registry.remove(lost);
    }

    private Job queued(String nodeMajor, int maxAttempts) {
        String id = UUID.randomUUID().toString();
        Job job = Job.queued(id, Instant.now()).packageName("left-pad").requestedVersion("1.3.0").version("1.3.0")
                .node(nodeMajor).maxAttempts(maxAttempts).build();
        jobs.create(job);
        return job;
    }

    /** A job its runner had taken: attempt 1 under way there. */
    private Job heldBy(String runner, int maxAttempts) {
        Job job = Job.queued(UUID.randomUUID().toString(), Instant.now()).packageName("left-pad")
                .requestedVersion("1.3.0").version("1.3.0").node(node).maxAttempts(maxAttempts).build()
                .dispatched(runner, Instant.now());
        jobs.create(job);
        return job;
    }

    private RunnerInfo runner(String id, Instant heartbeat) {
        return new RunnerInfo(id, "localhost", 1, "http://127.0.0.1:" + endpoint.actualPort(), 4, 0, 0,
                List.of(node), heartbeat, false, null, null);
    }

    /** The attempt numbers the scripted endpoint was sent for {@code job}, in order. */
    private List<Integer> requestsFor(Job job) {
        return received.stream().filter(r -> r.path("jobId").asText().equals(job.id()))
                .map(r -> r.path("attempt").asInt()).collect(Collectors.toList());
    }
}
