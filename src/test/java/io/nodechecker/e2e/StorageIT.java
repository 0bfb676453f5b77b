package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where the cluster keeps its data: on the gateways, with two owners of everything, never on runners;
 * logs expire on their own while job records and package histories stay.
 */
class StorageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aRunnerHoldsNoJobDataAndOneThatJoinsAClusterWithHistoryReceivesNone() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(3)) {
            AppProcess gateway = stack.startGateway();
            Api api = stack.api(gateway);
            AppProcess runner = stack.startRunner();
            api.awaitRunner();
            for (String fixture : List.of("passing", "failing", "chatty")) {
                api.awaitFinal(api.submitTarball(Fixtures.tarball(fixture)), Duration.ofMinutes(2));
            }
            assertThat(storage(gateway).path("caches").path("output").path("stored").asLong()).isPositive();
            assertThat(storage(gateway).path("caches").path("jobs").path("stored").asLong()).isEqualTo(3);

            AppProcess late = stack.startRunner();
            for (AppProcess member : List.of(runner, late)) {
                JsonNode report = storage(member);
                assertThat(report.path("role").asText()).isEqualTo("compute");
                report.path("caches").fields().forEachRemaining(cache -> {
                    assertThat(cache.getValue().path("inHeap").asLong()).as(cache.getKey()).isZero();
                    assertThat(cache.getValue().path("stored").asLong()).as(cache.getKey()).isZero();
                });
            }
        }
    }

    @Test
    void anExpiredLogAnswers410WhileTheJobAndItsPackageHistoryStay() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2)) {
            AppProcess gateway = stack.startGateway("nodechecker.gateway.cluster.storage.logs=6s",
                    "nodechecker.gateway.cluster.storage.expiry-interval=1s");
            Api api = stack.api(gateway);
            stack.startRunner("nodechecker.runner.cluster.storage.logs=6s",
                    "nodechecker.runner.cluster.storage.expiry-interval=1s");
            api.awaitRunner();
            String id = api.submitTarball(Fixtures.tarball("passing"));
            assertThat(api.awaitFinal(id, Duration.ofMinutes(2)).path("state").asText()).isEqualTo("PASSED");
            assertThat(api.get("/api/jobs/" + id + "/log").status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Api.Answer log = api.get("/api/jobs/" + id + "/log");
                assertThat(log.status()).isEqualTo(410);
                assertThat(log.contentType()).startsWith("application/problem+json");
                assertThat(log.json().path("detail").asText()).contains("retention");
            });
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode caches = storage(gateway).path("caches");
                assertThat(caches.path("output").path("stored").asLong()).isZero();
                assertThat(caches.path("tarballs").path("stored").asLong()).isZero();
            });
            assertThat(api.job(id).path("state").asText()).isEqualTo("PASSED");
            assertThat(api.get("/api/packages/nc-fixture-passing").json().path("otherRuns"))
                    .anySatisfy(result -> assertThat(result.path("jobId").asText()).isEqualTo(id));
        }
    }

    @Test
    void withTwoOwnersLosingAGatewayLosesNothingAndAnOrderlyRestartOfTheRestBringsEverythingBack() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(4)) {
            List<AppProcess> gateways = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                gateways.add(stack.startGateway());
            }
            Api api = stack.api(gateways.get(0));
            stack.startRunner();
            api.awaitRunner();
            Map<String, String> logs = new LinkedHashMap<>();
            Map<String, JsonNode> results = new LinkedHashMap<>();
            for (String fixture : List.of("passing", "failing", "chatty", "no-tests")) {
                String id = stack.api(gateways.get(logs.size() % 3)).submitTarball(Fixtures.tarball(fixture));
                results.put(id, api.awaitFinal(id, Duration.ofMinutes(2)));
                logs.put(id, api.log(id));
            }
            long stored = 0;
            for (AppProcess gateway : gateways) {
                stored += storage(gateway).path("caches").path("jobs").path("stored").asLong();
            }
            assertThat(stored).as("job records on the three gateways, two copies each").isEqualTo(2L * logs.size());

            gateways.get(0).kill();
            stack.forget(gateways.get(0));
            for (AppProcess survivor : gateways.subList(1, 3)) {
                Api other = stack.api(survivor);
                for (Map.Entry<String, String> log : logs.entrySet()) {
                    assertThat(other.log(log.getKey())).isEqualTo(log.getValue());
                    assertThat(other.job(log.getKey())).isEqualTo(results.get(log.getKey()));
                }
            }

            List<AppProcess> restarted = stack.restartAll();
            Api after = stack.api(restarted.get(0));
            for (Map.Entry<String, String> log : logs.entrySet()) {
                assertThat(after.job(log.getKey())).isEqualTo(results.get(log.getKey()));
                assertThat(after.log(log.getKey())).isEqualTo(log.getValue());
            }
            ChaosRecord.record(StorageIT.class, "Storage members", new ChaosRecord.Row(
                    "a gateway (one of three storage members, two owners) killed", "`kill -9`, then an orderly restart"
                    + " of the rest", "both survivors served every job's record and log unchanged; after the restart too"));
        }
    }

    @Test
    void aClusterScaledDownToOneGatewayComesUpWithItsHistoryWhenNothingCanBeLost() throws Exception {
        try (TestStack stack = new TestStack(2)) {
            Api api = stack.api(stack.startGateway());
            stack.startGateway();
            Map<String, JsonNode> jobs = new LinkedHashMap<>();
            for (String fixture : List.of("passing", "failing")) {
                String id = api.submitTarball(Fixtures.tarball(fixture));
                jobs.put(id, api.job(id));
            }

            // Two owners of every entry on two gateways: the one left holds all of them.
            AppProcess alone = stack.restartFewerGateways(1).get(0);
            alone.awaitReady(Duration.ofSeconds(90));
            Api after = stack.api(alone);
            for (Map.Entry<String, JsonNode> job : jobs.entrySet()) {
                assertThat(after.job(job.getKey())).isEqualTo(job.getValue());
            }
            // The start with fewer members printed no stack trace (the log holds the first run too).
            String log = alone.logText();
            String restart = log.substring(log.lastIndexOf(" stopped in "));
            assertThat(restart).doesNotContain("MissingMembersException").doesNotContain("\tat ");
            ChaosRecord.record(StorageIT.class, "Storage members", new ChaosRecord.Row(
                    "storage scaled down: two gateways stopped in order, one started", "`POST /api/storage/shutdown`,"
                    + " every process stopped, the first gateway started again on its data",
                    "ready at once with every job's record as before; no stack trace in its log"));
        }
    }

    @Test
    void whenEntriesCouldBeLostTheGatewayWaitsSayingWhatToDoUntilAnOperatorAcceptsTheLoss() throws Exception {
        try (TestStack stack = new TestStack(3)) {
            Api api = stack.api(stack.startGateway());
            stack.startGateway();
            stack.startGateway();
            api.submitTarball(Fixtures.tarball("passing"));

            // Three gateways, two owners: one of three cannot hold everything.
            AppProcess alone = stack.restartFewerGateways(1).get(0);
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(alone.uri() + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("waiting for storage members").contains("accept-loss");
            });
            Api.Answer plain = stack.api(alone).send(HttpRequest.newBuilder(URI.create(alone.uri() + "/api/storage/accept-loss"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(plain.status()).as("an ordinary token may not throw data away").isEqualTo(403);

            Api.Answer accepted = new Api(alone.uri(), stack.adminToken).send(HttpRequest.newBuilder(
                    URI.create(alone.uri() + "/api/storage/accept-loss")).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(accepted.status()).isEqualTo(200);
            assertThat(accepted.json().path("serving").asBoolean()).as(accepted.body()).isTrue();
            alone.awaitReady(Duration.ofSeconds(30));
            // Caches whose saved layout this member covers kept their entries; the others started over.
            assertThat(stack.api(alone).get("/api/jobs").status()).isEqualTo(200);
            ChaosRecord.record(StorageIT.class, "Storage members", new ChaosRecord.Row(
                    "storage scaled down past what two owners cover: three gateways stopped in order, one started",
                    "as above, with three gateways",
                    "not ready (503), its readiness naming the waiting caches and `accept-loss`; an ordinary token's"
                            + " accept-loss 403; an admin token's 200, then ready"));
        }
    }

    private static JsonNode storage(AppProcess member) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(member.uri() + "/api/storage")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Api.JSON.readTree(response.body());
    }
}
