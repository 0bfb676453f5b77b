package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.client.ApiClient;
import io.nodechecker.client.ApiException;
import io.nodechecker.client.api.JobResourceApi;
import io.nodechecker.client.model.Job;
import io.nodechecker.client.model.JobRequest;
import io.nodechecker.client.model.JobState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API descriptions as real tools take them: Redocly CLI (from the npm registry, its recommended rules,
 * gateway/redocly.yaml) lints the OpenAPI the gateway serves and the AsyncAPI of its live stream; a Java
 * client generated from the OpenAPI the gateway's build stored (openapi-generator, e2e/pom.xml) submits a
 * job and reads its result and log.
 */
@ExtendWith(SharedStack.class)
class ApiDescriptionIT {

    private static final String REDOCLY = "@redocly/cli@2.77.0";

    private static SharedStack.Running running;

    @BeforeAll
    static void connect(SharedStack.Running shared) {
        running = shared;
    }

    @Test
    void theServedOpenApiIsTheStoredOneAndLintsClean() throws Exception {
        Api.Answer served = running.api().get("/q/openapi?format=json");
        assertThat(served.status()).isEqualTo(200);
        JsonNode stored = Api.JSON.readTree(TestStack.ROOT.resolve("gateway/target/openapi/openapi.json").toFile());
        assertThat(Api.JSON.readTree(served.body())).isEqualTo(stored);
        // Every write names the token it needs; the refusals are problem bodies.
        JsonNode submit = stored.path("paths").path("/api/jobs").path("post");
        assertThat(submit.path("security").toString()).isEqualTo("[{\"token\":[]}]");
        assertThat(submit.path("responses").path("400").path("content").has("application/problem+json")).isTrue();
        assertThat(submit.path("operationId").asText()).isEqualTo("submit");
        assertThat(stored.at("/components/schemas/JobRequest/required").toString()).isEqualTo("[\"package\"]");

        assertLintsClean(running.api().get("/q/openapi").body(), "openapi.yaml");
    }

    @Test
    void theLiveStreamsAsyncApiLintsClean() throws Exception {
        Api.Answer asyncApi = running.api().get("/asyncapi.yaml");
        assertThat(asyncApi.status()).isEqualTo(200);
        assertThat(asyncApi.body()).startsWith("asyncapi: 3.0.0").contains("address: /api/jobs/{id}/live");

        assertLintsClean(asyncApi.body(), "asyncapi.yaml");
    }

    @Test
    void aGeneratedClientSubmitsAJobAndReadsItsResult() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(running.gateway().uri().toString().replaceAll("/$", ""));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + running.stack().token));
        JobResourceApi jobs = new JobResourceApi(client);

        Job queued = jobs.submit(new JobRequest()._package("xtend").version("4.0.2")).getJob();
        assertThat(queued.getState()).isEqualTo(JobState.QUEUED);

        Job done = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> jobs.job(queued.getId()), job -> job.getOutcome() != null);
        assertThat(done.getOutcome()).isEqualTo(JobState.PASSED);
        assertThat(done.getVersion()).isEqualTo("4.0.2");
        assertThat(jobs.log(queued.getId())).contains("# pass  15");

        // A refusal reaches the generated client as its status and the problem body.
        try {
            jobs.submit(new JobRequest()._package("_no"));
            throw new AssertionError("an invalid package name was accepted");
        } catch (ApiException refused) {
            assertThat(refused.getCode()).isEqualTo(400);
            assertThat(refused.getResponseBody()).contains("\"field\":\"package\"");
        }
    }

    /** Runs Redocly CLI's lint on {@code description}; fails with its report unless it exits 0. */
    private static void assertLintsClean(String description, String fileName) throws Exception {
        Path dir = Files.createTempDirectory("api-lint");
        Path file = dir.resolve(fileName);
        Files.writeString(file, description);
        Path report = dir.resolve("report.txt");
        Process lint = new ProcessBuilder(List.of("npx", "--yes", REDOCLY, "lint",
                "--config", TestStack.ROOT.resolve("gateway/redocly.yaml").toString(), "--format=stylish", file.toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(report.toFile()).start();
        if (!lint.waitFor(5, TimeUnit.MINUTES)) {
            lint.destroyForcibly();
            throw new AssertionError("Redocly CLI did not finish in 5 minutes");
        }
        String output = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(lint.exitValue()).as(output).isZero();
        assertThat(output).as(output).contains("Your API description is valid").doesNotContainPattern("You have \\d+ warnings?");
    }
}
