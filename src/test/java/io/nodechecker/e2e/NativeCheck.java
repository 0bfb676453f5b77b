package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native executables ({@code ./nodechecker native}) as a cluster: a native gateway and a native runner
 * test a real package from the registry, a viewer sees its output live, and a late one gets it replayed.
 * Native builds take too long for the suite: run after {@code ./nodechecker native} with
 * {@code ./mvnw -pl e2e verify -Dit.test=NativeCheck -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 * (README); {@code -Dnodechecker.native=true} runs any other end-to-end class against them too.
 */
class NativeCheck {

    @Test
    void nativeGatewayAndRunnerTestARealPackageLiveAndReplayed() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2).nativeApps(true)) {
            AppProcess gateway = stack.startGateway();
            AppProcess runner = stack.startRunner();
            assertNative(gateway);
            assertNative(runner);
            Api api = stack.api(gateway);

            String id = api.submit("{\"package\":\"xtend\",\"version\":\"4.0.2\"}");
            LiveRecorder live = LiveRecorder.watch(api.liveUri(id, 0));

            assertThat(live.awaitClose(180)).isEqualTo(WebSocket.NORMAL_CLOSURE);
            JsonNode result = live.last();
            assertThat(result.path("type").asText()).isEqualTo("result");
            assertThat(result.path("outcome").asText()).as(runner.tail()).isEqualTo("PASSED");
            String log = api.log(id);
            assertThat(log).contains("# pass  15");
            assertThat(live.text()).isEqualTo(log);

            LiveRecorder replay = LiveRecorder.watch(api.liveUri(id, 0));
            assertThat(replay.awaitClose(60)).isEqualTo(WebSocket.NORMAL_CLOSURE);
            assertThat(replay.text()).isEqualTo(log);
            assertThat(api.awaitFinal(id, Duration.ofSeconds(5)).path("outcome").asText()).isEqualTo("PASSED");
        }
    }

    /** The process is the executable itself, not a JVM running a jar. */
    private static void assertNative(AppProcess app) throws Exception {
        Path executable = Files.readSymbolicLink(Path.of("/proc", Long.toString(app.pid()), "exe"));
        assertThat(executable.getFileName().toString()).as(app.name()).endsWith("-runner").doesNotContain("java");
    }
}
