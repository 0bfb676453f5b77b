package io.nodechecker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.concurrent.TimeUnit;

import static io.nodechecker.cli.FakeGateway.output;
import static io.nodechecker.cli.FakeGateway.result;
import static org.assertj.core.api.Assertions.assertThat;

/** The exit codes a script reads: 0 only when every package passed, 1 otherwise, 2 for a bad argument. */
class TestCommandTest {

    private static final String SUBMITTED = "{\"id\":\"job-1\",\"package\":\"xtend\",\"version\":\"4.0.2\",\"node\":\"22\"}";

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void exitsZeroWhenThePackagePassed() throws Exception {
        assertThat(exitCodeFor("PASSED")).isZero();
    }

    @Test
    void exitsOneWhenThePackageFailed() throws Exception {
        assertThat(exitCodeFor("FAILED")).isEqualTo(1);
    }

    @Test
    void exitsTwoForANameNpmWouldRefuseWithoutAskingAnyGateway() throws Exception {
        try (FakeGateway gateway = new FakeGateway(vertx, SUBMITTED, socket -> socket.close())) {
            int code = command().execute("--gateway", gateway.uri().toString(), "Not A Name!");

            assertThat(code).isEqualTo(2);
            assertThat(gateway.livePaths).isEmpty();
        }
    }

    @Test
    void exitsOneWhenNoGatewayAnswers() throws Exception {
        int closedPort;
        try (FakeGateway gateway = new FakeGateway(vertx, SUBMITTED, socket -> socket.close())) {
            closedPort = gateway.uri().getPort();
        }
        assertThat(command().execute("--gateway", "http://127.0.0.1:" + closedPort, "xtend@4.0.2")).isEqualTo(1);
    }

    private int exitCodeFor(String outcome) throws Exception {
        try (FakeGateway gateway = new FakeGateway(vertx, SUBMITTED, socket -> {
            socket.writeTextMessage(output(0, "stdout", "ok\\n"));
            socket.writeTextMessage(result(outcome));
            socket.close();
        })) {
            int code = command().execute("--gateway", gateway.uri().toString(), "xtend@4.0.2");
            assertThat(gateway.livePaths).containsExactly("/api/jobs/job-1/live?from=0");
            return code;
        }
    }

    private static CommandLine command() {
        return new CommandLine(new TestCommand(new ObjectMapper()));
    }
}
