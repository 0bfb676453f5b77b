package io.nodechecker.gateway.live;

import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.gateway.GatewayAlone;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.infinispan.context.Flag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The live WebSocket in the gateway's own Quarkus, on its cluster of one: a viewer that asks from N gets the
 * stored chunks from N, then what is written while it watches, then the result and a normal close; an unknown
 * job is refused before the upgrade; a job whose end no event brought still ends for its viewers.
 */
@QuarkusTest
@TestProfile(GatewayAlone.class)
class LiveRelayTest {

    @Inject
    Vertx vertx;
    @Inject
    JobStore jobs;
    @Inject
    OutputLog output;

    @TestHTTPResource("/")
    URI root;

    private WebSocketClient client;

    @BeforeEach
    void start() {
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aViewerGetsTheStoredOutputFromItsNumberThenTheLiveOutputThenTheResult() throws Exception {
        Job job = running();
        for (int seq = 0; seq < 5; seq++) {
            append(job, seq, seq == 3 ? StreamName.STDERR : StreamName.STDOUT);
        }
        Queue<JsonObject> messages = new ConcurrentLinkedQueue<>();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        connect(job.id() + "/live?from=2", messages, closed);

        await().atMost(Duration.ofSeconds(10)).until(() -> lastSeq(messages) == 4);
        append(job, 5, StreamName.STDOUT);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastSeq(messages) == 5);
        jobs.update(job.id(), j -> j.finished(JobState.PASSED, "npm test exited with code 0", 0, 6, Instant.now()));

        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) 1000);
        List<JsonObject> outputs = messages.stream().filter(m -> m.getString("type").equals("output")).toList();
        // Every chunk from 2 on, once, in order, each message one stream (joined chunks name their first).
        assertThat(outputs.stream().map(m -> m.getString("data")).collect(Collectors.joining()))
                .isEqualTo("chunk 2\nchunk 3\nchunk 4\nchunk 5\n");
        assertThat(outputs.get(0).getLong("first", outputs.get(0).getLong("seq"))).isEqualTo(2);
        assertThat(outputs).anyMatch(m -> m.getString("stream").equals("stderr") && m.getString("data").equals("chunk 3\n"));
        JsonObject last = messages.stream().reduce((a, b) -> b).orElseThrow();
        assertThat(last.getString("type")).isEqualTo("result");
        assertThat(last.getString("outcome")).isEqualTo("PASSED");
    }

    @Test
    void aJobWhoseEndCameWithoutAnEventStillEndsForItsViewers() throws Exception {
        Job job = running();
        append(job, 0, StreamName.STDOUT);
        Queue<JsonObject> messages = new ConcurrentLinkedQueue<>();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        connect(job.id() + "/live", messages, closed);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastSeq(messages) == 0);

        // As when the write came while this gateway was joining: stored, but no listener told.
        Job ended = job.finished(JobState.PASSED, "npm test exited with code 0", 0, 1, Instant.now());
        jobs.cache().getAdvancedCache().withFlags(Flag.SKIP_LISTENER_NOTIFICATION).put(job.id(), Json.write(ended));

        assertThat(closed.get(20, TimeUnit.SECONDS)).isEqualTo((short) 1000);
        JsonObject last = messages.stream().reduce((a, b) -> b).orElseThrow();
        assertThat(last.getString("type")).isEqualTo("result");
        assertThat(last.getString("outcome")).isEqualTo("PASSED");
    }

    @Test
    void anUnknownJobIsRefusedBeforeTheUpgrade() {
        assertThatThrownBy(() -> connect("no-such-job/live"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UpgradeRejectedException.class)
                .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(404));
    }

    /** Connects with its handlers set first: the relay sends the stored output as soon as the socket opens. */
    private void connect(String path, Queue<JsonObject> messages, CompletableFuture<Short> closed) throws Exception {
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
        socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode()));
        socket.connect(root.getPort(), "localhost", "/api/jobs/" + path).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private WebSocket connect(String path) throws Exception {
        return client.connect(root.getPort(), "localhost", "/api/jobs/" + path)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Job running() {
        Job job = Job.queued(UUID.randomUUID().toString(), Instant.now()).packageName("left-pad").requestedVersion("1.3.0")
                .version("1.3.0").node("22").maxAttempts(1).build().dispatched("runner-x", Instant.now())
                .running(Instant.now());
        jobs.create(job);
        return job;
    }

    private void append(Job job, int seq, StreamName stream) {
        output.append(1, new OutputChunk(job.id(), seq, stream, "chunk " + seq + "\n")).join();
    }

    private static long lastSeq(Queue<JsonObject> messages) {
        return messages.stream().filter(m -> m.getString("type").equals("output"))
                .mapToLong(m -> m.getLong("seq")).max().orElse(-1);
    }
}
