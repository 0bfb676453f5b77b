package io.nodechecker.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens, private reads, write rates, origins and the runner secret, on a stack of their own. */
class AccessIT {

    private static TestStack stack;
    private static Api api;
    private static AppProcess runner;

    @BeforeAll
    static void start() throws Exception {
        TestStack.requireDockerEngine();
        stack = new TestStack(2);
        api = stack.api(stack.startGateway("nodechecker.gateway.access.public-read=false",
                "nodechecker.gateway.access.writes-per-minute=3"));
        runner = stack.startRunner();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void refusesJobsWithoutAValidTokenAndQueuesNothing() throws Exception {
        Api.Answer none = api.withToken(null).postJson("{\"package\":\"xtend\"}");
        Api.Answer wrong = api.withToken("guessed").postTarball(Fixtures.tarball("passing"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().path("detail").asText()).contains("Bearer");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(api.get("/api/jobs?limit=500").json()).isEmpty();
    }

    @Test
    void keepsReadsPrivateWhenConfigured() throws Exception {
        assertThat(api.withToken(null).get("/api/runners").status()).isEqualTo(401);
        assertThat(api.get("/api/runners").status()).isEqualTo(200);
        assertThat(api.withToken(null).get("/api/jobs/x/live").status()).isEqualTo(401);
    }

    @Test
    void answers429PastTheWriteRate() throws Exception {
        Api limited = api.withToken(stack.token);
        int accepted = 0;
        Api.Answer last = null;
        for (int i = 0; i < 5; i++) {
            last = limited.postJson("{\"package\":\"Not Valid\"}"); // counted, refused as 400 until the cap
            if (last.status() == 400) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(3);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.json().path("title").asText()).isEqualTo("Too many requests");
    }

    @Test
    void refusesLiveStreamsOpenedFromForeignPages() {
        URI live = URI.create(api.liveUri("any", 0).toString());

        assertThatThrownBy(() -> LiveRecorder.open(live, "Origin", "https://evil.example").get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("status code 403");
    }

    @Test
    void runnerTakesWorkOnlyWithTheRunnerSecret() throws Exception {
        HttpResponse<String> response = Api.HTTP.send(HttpRequest.newBuilder(runner.uri().resolve("/api/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jobId\":\"x\",\"attempt\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("runner secret");
    }
}
