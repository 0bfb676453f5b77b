package io.nodechecker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.nodechecker.cli.FakeGateway.output;
import static io.nodechecker.cli.FakeGateway.result;
import static org.assertj.core.api.Assertions.assertThat;

class LiveStreamTest {

    private final Vertx vertx = Vertx.vertx();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream saved = new ByteArrayOutputStream();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aDroppedStreamGoesOnFromWhereItStoppedTryingTheNextGatewayPrintingNothingTwice() throws Exception {
        try (FakeGateway first = new FakeGateway(vertx, "{}", socket -> {
                socket.writeTextMessage(output(0, "stdout", "zero\\n"));
                socket.writeTextMessage(output(1, "stderr", "one\\n"));
                socket.writeTextMessage(output(2, "stdout", "two\\n"));
                // The gateway goes away before the result, every time.
                socket.close((short) 1001, "going away");
            });
             FakeGateway second = new FakeGateway(vertx, "{}", socket -> {
                 socket.writeTextMessage(output(2, "stdout", "two\\n")); // already printed
                 socket.writeTextMessage("{\"type\":\"state\",\"state\":\"RUNNING\"}");
                 socket.writeTextMessage("{\"type\":\"output\",\"seq\":4,\"first\":3,\"stream\":\"stdout\",\"data\":\"three\\nfour\\n\"}");
                 socket.writeTextMessage(result("PASSED"));
                 socket.close();
             })) {
            JsonNode result = stream().follow(List.of(first.uri(), second.uri()), "job-1");

            assertThat(result.path("outcome").asText()).isEqualTo("PASSED");
            // After progress the same gateway is asked again (it may have closed a slow viewer), then the next.
            assertThat(first.livePaths).containsExactly("/api/jobs/job-1/live?from=0", "/api/jobs/job-1/live?from=3");
            assertThat(second.livePaths).containsExactly("/api/jobs/job-1/live?from=3");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("zero\ntwo\nthree\nfour\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("one\n");
            assertThat(saved.toString(StandardCharsets.UTF_8)).isEqualTo("zero\none\ntwo\nthree\nfour\n");
        }
    }

    @Test
    void aStreamThatNeverBringsTheResultIsGivenUpAndSaysSo() throws Exception {
        try (FakeGateway gone = new FakeGateway(vertx, "{}", socket -> socket.close((short) 1011, "down"))) {
            JsonNode result = stream().follow(List.of(gone.uri()), "job-2");

            assertThat(result).isNull();
            // The first connection and three retries (the stream was made with three).
            assertThat(gone.livePaths).hasSize(4).allMatch(path -> path.endsWith("from=0"));
        }
    }

    private LiveStream stream() {
        return new LiveStream(new GatewayClient(mapper, null), mapper, print(out), print(err), saved, 3);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
