package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 4xx problem body that says what was wrong, and nothing is stored. */
@ExtendWith(SharedStack.class)
class BadInputIT {

    private static Api api;

    @BeforeAll
    static void connect(SharedStack.Running running) {
        api = running.api();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"package\":\"../x\"}",
            "{\"package\":\"a;rm -rf /\"}",
            "{\"package\":\"xtеnd\"}", // Cyrillic е
            "{\"package\":\"$(reboot)\"}",
            "{\"package\":\"\"}",
            "{\"version\":\"1.0.0\"}",
            "{\"package\":\"xtend\",\"version\":\"^4.0.0\"}",
            "{\"package\":\"xtend\",\"version\":\"4.0.2; ls\"}",
            "{\"package\":\"xtend\",\"node\":\"../20\"}",
            "{\"package\":\"xtend\",\"timeoutSeconds\":-1}",
            "{\"package\":[\"xtend\"]}",
            "{\"package\":\"xtend\",\"timeoutSeconds\":\"soon\"}",
            "{\"package\":",
            "not json at all",
            "[]",
            "null",
    })
    void refusesMalformedOrHostileJobs(String body) throws Exception {
        int before = jobCount();

        Api.Answer answer = api.postJson(body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertProblem(answer);
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void refusesANameLongerThanNpmAllows() throws Exception {
        Api.Answer answer = api.postJson("{\"package\":\"" + "a".repeat(215) + "\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("detail").asText()).contains("214");
    }

    @Test
    void answers404ForAPackageOrVersionTheRegistryDoesNotKnow() throws Exception {
        int before = jobCount();

        Api.Answer noPackage = api.postJson("{\"package\":\"nodechecker-no-such-package-zz9\"}");
        // Capitals are allowed in names published before npm required lowercase (JSONStream): the registry decides.
        Api.Answer capitals = api.postJson("{\"package\":\"Xtend\"}");
        Api.Answer noVersion = api.postJson("{\"package\":\"xtend\",\"version\":\"4.0.99\"}");
        Api.Answer noTag = api.postJson("{\"package\":\"xtend\",\"version\":\"nightly\"}");

        assertThat(noPackage.status()).isEqualTo(404);
        assertThat(capitals.status()).isEqualTo(404);
        assertThat(capitals.json().path("detail").asText()).isEqualTo("the npm registry has no package named Xtend");
        assertThat(noVersion.status()).isEqualTo(404);
        assertThat(noVersion.json().path("detail").asText()).contains("4.0.99");
        assertThat(noTag.status()).isEqualTo(404);
        assertProblem(noPackage);
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void refusesTarballsThatAreNoPackages() throws Exception {
        int before = jobCount();

        Api.Answer notGzip = api.postTarball("just text".getBytes(StandardCharsets.UTF_8));
        Api.Answer missing = api.postTarball(null, "node", "20");
        Api.Answer badNode = api.postTarball(Fixtures.tarball("passing"), "node", "twenty");
        Api.Answer badTimeout = api.postTarball(Fixtures.tarball("passing"), "timeoutSeconds", "soon");
        Api.Answer badLimit = api.get("/api/jobs?limit=many");

        assertThat(notGzip.status()).isEqualTo(400);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(badNode.status()).isEqualTo(400);
        assertThat(badTimeout.status()).isEqualTo(400);
        assertThat(badLimit.status()).isEqualTo(400);
        assertProblem(badTimeout);
        assertProblem(badLimit);
        assertProblem(notGzip);
        assertProblem(missing);
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void refusesAHugeBodyWithAProblem() throws Exception {
        int before = jobCount();

        Api.Answer answer = api.postJson("{\"package\":\"" + "a".repeat(13 * 1024 * 1024) + "\"}");

        assertThat(answer.status()).isEqualTo(413);
        assertProblem(answer);
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void answers404ProblemForAnUnknownJob() throws Exception {
        Api.Answer job = api.get("/api/jobs/does-not-exist");
        Api.Answer log = api.get("/api/jobs/does-not-exist/log");

        assertThat(job.status()).isEqualTo(404);
        assertThat(log.status()).isEqualTo(404);
        assertProblem(job);
    }

    private static void assertProblem(Api.Answer answer) throws Exception {
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("status").asInt()).isEqualTo(answer.status());
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    private static int jobCount() throws Exception {
        return api.get("/api/jobs?limit=500").json().size();
    }
}
