package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With JSON logs on, every log line is a JSON object, and a job's lines carry its id on both apps. */
class JsonLogsIT {

    @Test
    void aJobsLinesCarryItsIdInJsonLogsOnTheGatewayAndTheRunner() throws Exception {
        TestStack.requireDockerEngine();
        String json = "quarkus.log.console.json.enabled=true";
        String id;
        Path workDir;
        try (TestStack stack = new TestStack(2)) {
            workDir = stack.workDir();
            Api api = stack.api(stack.startGateway(json));
            stack.startRunner(json);
            api.awaitRunner();
            id = api.submitTarball(Fixtures.tarball("passing"));
            assertThat(api.awaitFinal(id, Duration.ofMinutes(2)).path("outcome").asText()).isEqualTo("PASSED");
        }
        List<JsonNode> gateway = lines(workDir.resolve("gateway-0.log"));
        List<JsonNode> runner = lines(workDir.resolve("runner-1.log"));
        assertThat(gateway).anySatisfy(line -> {
            assertThat(line.path("message").asText()).contains("queued");
            assertThat(line.path("mdc").path("jobId").asText()).isEqualTo(id);
        });
        assertThat(runner).anySatisfy(line -> {
            assertThat(line.path("message").asText()).contains("starts");
            assertThat(line.path("mdc").path("jobId").asText()).isEqualTo(id);
        });
        assertThat(runner).anySatisfy(line -> {
            assertThat(line.path("message").asText()).contains("ends PASSED");
            assertThat(line.path("mdc").path("jobId").asText()).isEqualTo(id);
        });
    }

    /** Every log line of the file, each of which must be a JSON object (the JVM's own warnings aside). */
    private static List<JsonNode> lines(Path log) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank() || line.startsWith("OpenJDK") || line.startsWith("WARNING:")) {
                continue;
            }
            assertThat(line).as("a log line of %s", log.getFileName()).startsWith("{");
            parsed.add(Api.JSON.readTree(line));
        }
        assertThat(parsed).isNotEmpty();
        return parsed;
    }
}
