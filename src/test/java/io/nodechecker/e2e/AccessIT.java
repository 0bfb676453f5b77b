package io.nodechecker.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Tokens, private reads, write rates, origins and the runner secret, on a stack of their own. */
class AccessIT {

    private static TestStack stack;
    private static Api api;
    private static AppProcess runner;
    private static Api other;
    // A token of its own for the live-stream test: the write rate is counted per token.
    private static final String SECOND_TOKEN = "second-token-" + System.nanoTime();

    @BeforeAll
    static void start() throws Exception {
        TestStack.requireDockerEngine();
        stack = new TestStack(3);
        String[] settings = {"nodechecker.gateway.access.public-read=false",
                "nodechecker.gateway.access.writes-per-minute=3",
                "nodechecker.gateway.access.tokens=" + stack.token + "," + SECOND_TOKEN,
                "nodechecker.gateway.live.max-connections-per-address=2"};
        api = stack.api(stack.startGateway(settings));
        // The second gateway sits, as far as it knows, behind a proxy on loopback that it trusts.
        List<String> behindProxy = new ArrayList<>(List.of(settings));
        behindProxy.addAll(List.of("quarkus.http.proxy.proxy-address-forwarding=true",
                "quarkus.http.proxy.allow-x-forwarded=true", "quarkus.http.proxy.trusted-proxies=127.0.0.1"));
        other = stack.api(stack.startGateway(behindProxy.toArray(String[]::new)));
        runner = stack.startRunner();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void refusesJobsWithoutAValidTokenAndQueuesNothing() throws Exception {
        int before = api.get("/api/jobs?limit=500").json().size();
        Api.Answer none = api.withToken(null).postJson("{\"package\":\"xtend\"}");
        Api.Answer wrong = api.withToken("guessed").postTarball(Fixtures.tarball("passing"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().path("detail").asText()).contains("Bearer");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(api.get("/api/jobs?limit=500").json()).hasSize(before);
        record("a job without a token, and one with a guessed token", "creates work anonymously",
                none.status() + " and " + wrong.status() + " with a problem body; nothing queued",
                "a token when `AUTHN_TOKEN` is set", "—");
    }

    @Test
    void keepsReadsPrivateWhenConfigured() throws Exception {
        assertThat(api.withToken(null).get("/api/runners").status()).isEqualTo(401);
        assertThat(api.get("/api/runners").status()).isEqualTo(200);
        assertThat(api.withToken(null).get("/api/jobs/x/live").status()).isEqualTo(401);
        record("reads and a live stream without a token, reads private", "reads what it may not",
                "401 for the API and for the live socket", "—", "—");
    }

    @Test
    void answers429PastTheWriteRateCountedOverEveryGateway() throws Exception {
        int accepted = 0;
        Api.Answer last = null;
        for (int i = 0; i < 5; i++) {
            // Every other request to the second gateway: the limit is the cluster's, not each gateway's.
            Api limited = (i % 2 == 0 ? api : other).withToken(stack.token);
            last = limited.postJson("{\"package\":\"Not Valid\"}"); // counted, refused as 400 until the cap
            if (last.status() == 400) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(3);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.json().path("title").asText()).isEqualTo("Too many requests");
        record("5 writes in a minute against a limit of 3, alternating two gateways", "multiplies the limit by the"
                + " number of gateways", accepted + " counted, then " + last.status() + " with `Retry-After`", "—", "—");
    }

    @Test
    void capsTheLiveStreamsOfOneClientAddress() throws Exception {
        Api second = api.withToken(SECOND_TOKEN);
        String id = second.submitTarball(Fixtures.tarball("slow"), "timeoutSeconds", "120");
        URI live = api.liveUri(id, 0);
        List<WebSocket> open = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            open.add(LiveRecorder.open(live, "Authorization", "Bearer " + SECOND_TOKEN).get(10, TimeUnit.SECONDS));
        }

        assertThatThrownBy(() -> LiveRecorder.open(live, "Authorization", "Bearer " + SECOND_TOKEN).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasStackTraceContaining("status code 429");
        open.get(0).sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> open.add(
                LiveRecorder.open(live, "Authorization", "Bearer " + SECOND_TOKEN).get(10, TimeUnit.SECONDS)));
        for (WebSocket socket : open) {
            socket.abort();
        }
        second.send(HttpRequest.newBuilder(second.uri("/api/jobs/" + id + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()));
        record("a third live stream from one address, cap 2", "holds the gateway's connections",
                "429 before the upgrade; a place freed by a closed stream is taken again", "—", "—");
    }

    @Test
    void countsAClientBehindAProxyByItsForwardedAddressOnlyWhereTheProxyIsTrusted() throws Exception {
        Api second = api.withToken(SECOND_TOKEN);
        String id = second.submitTarball(Fixtures.tarball("slow"), "timeoutSeconds", "120");
        List<WebSocket> open = new ArrayList<>();
        try {
            // Not configured to trust anyone: a forged X-Forwarded-For does not get a client past its cap.
            URI direct = api.liveUri(id, 0);
            for (String forged : List.of("198.51.100.1", "198.51.100.2")) {
                open.add(LiveRecorder.open(direct, "Authorization", "Bearer " + SECOND_TOKEN, "X-Forwarded-For", forged)
                        .get(10, TimeUnit.SECONDS));
            }
            assertThatThrownBy(() -> LiveRecorder.open(direct, "Authorization", "Bearer " + SECOND_TOKEN,
                    "X-Forwarded-For", "198.51.100.3").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasStackTraceContaining("status code 429");

            // Behind a trusted proxy each client has its own cap, and one client still cannot pass it.
            URI proxied = other.liveUri(id, 0);
            for (int i = 0; i < 2; i++) {
                open.add(LiveRecorder.open(proxied, "Authorization", "Bearer " + SECOND_TOKEN,
                        "X-Forwarded-For", "198.51.100.1").get(10, TimeUnit.SECONDS));
            }
            assertThatThrownBy(() -> LiveRecorder.open(proxied, "Authorization", "Bearer " + SECOND_TOKEN,
                    "X-Forwarded-For", "198.51.100.1").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasStackTraceContaining("status code 429");
            open.add(LiveRecorder.open(proxied, "Authorization", "Bearer " + SECOND_TOKEN,
                    "X-Forwarded-For", "198.51.100.2").get(10, TimeUnit.SECONDS));
        } finally {
            for (WebSocket socket : open) {
                socket.abort();
            }
            second.send(HttpRequest.newBuilder(second.uri("/api/jobs/" + id + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()));
        }
        record("a forged `X-Forwarded-For` on each live stream, cap 2 per address", "escapes the per-address cap",
                "429 for the third all the same; behind a proxy trusted by `quarkus.http.proxy.trusted-proxies`, each"
                        + " forwarded client has its own cap", "—", "—");
    }

    @Test
    void refusesLiveStreamsOpenedFromForeignPages() {
        URI live = URI.create(api.liveUri("any", 0).toString());

        // Even with a valid token: a page from elsewhere that got hold of one may not stream.
        assertThatThrownBy(() -> Api.HTTP.newWebSocketBuilder().header("Origin", "https://evil.example")
                .header("Authorization", "Bearer " + api.token()).buildAsync(live, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("status code 403");
        record("a live stream opened by a page from another origin, with a valid token", "streams into a foreign page",
                "403 before the upgrade", "—", "—");
    }

    @Test
    void runnerTakesWorkOnlyWithTheRunnerSecret() throws Exception {
        HttpResponse<String> response = Api.HTTP.send(HttpRequest.newBuilder(runner.uri().resolve("/api/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jobId\":\"x\",\"attempt\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("runner secret");
        record("work handed straight to a runner without the runner secret", "bypasses the gateways",
                response.statusCode() + ": the runner takes work only with `runner.secret`", "—", "—");
    }

    private static void record(String input, String attempted, String happened, String judge0, String piston) {
        HostileRecord.record(AccessIT.class, "Access", new HostileRecord.Row(input, attempted, happened, judge0, piston));
    }
}
