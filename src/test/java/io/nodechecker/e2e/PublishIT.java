package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publish → test against a real registry server: Verdaccio, with fixtures published to it by
 * {@code npm publish}, picked up by the watch list (conditional polls), by Verdaccio's own
 * {@code notify}, and by the replication feed (served here by a local server in the feed's documented
 * shape: the real feed host does not answer on this machine), then fetched from Verdaccio and tested.
 */
class PublishIT {

    private static final String NOTIFY_TOKEN = "notify-" + System.nanoTime();

    private static TestStack stack;
    private static Api api;
    private static Verdaccio registry;
    private static HttpServer feed;
    private static final Set<String> feedRequests = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        TestStack.requireDockerEngine();
        stack = new TestStack(2);
        int gatewayPort = stack.httpPort("gateway-0");
        registry = Verdaccio.start(stack.workDir().resolve("verdaccio"),
                "http://127.0.0.1:" + gatewayPort + "/api/hooks/notify", NOTIFY_TOKEN, "^nc-(watched|notified)");
        feed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feed.createContext("/registry/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            feedRequests.add(exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query));
            String body = exchange.getRequestURI().getPath().endsWith("/_changes")
                    ? (query != null && query.contains("since=40")
                        ? "{\"results\":[{\"seq\":41,\"id\":\"nc-feed\",\"changes\":[{\"rev\":\"1-a\"}]},"
                          + "{\"seq\":42,\"id\":\"left-out\",\"changes\":[{\"rev\":\"3-b\"}]},"
                          + "{\"seq\":43,\"id\":\"nc-feed-gone\",\"deleted\":true,\"changes\":[{\"rev\":\"2-c\"}]}],"
                          + "\"last_seq\":43}"
                        : "{\"results\":[],\"last_seq\":43}")
                    : "{\"db_name\":\"registry\",\"update_seq\":40}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        feed.start();
        registry.publish("nc-feed", "1.0.0"); // before the feed is read: the feed names it
        api = stack.api(stack.startGateway(
                "nodechecker.gateway.npm.registry=" + registry.url(),
                "nodechecker.gateway.hooks.notify-token=" + NOTIFY_TOKEN,
                "nodechecker.gateway.watch.interval=1s",
                "nodechecker.gateway.watch.feed.enabled=true",
                "nodechecker.gateway.watch.feed.url=http://127.0.0.1:" + feed.getAddress().getPort() + "/registry/_changes",
                "nodechecker.gateway.watch.feed.names=nc-feed.*",
                "nodechecker.gateway.watch.feed.interval=1s"));
        stack.startRunner("nodechecker.runner.npm.registry=" + registry.url());
        api.awaitRunner();
    }

    @AfterAll
    static void stop() throws Exception {
        if (feed != null) {
            feed.stop(0);
        }
        if (registry != null) {
            registry.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aWatchedPackagesNextPublishIsPickedUpByPollingAndTested() throws Exception {
        // Verdaccio does not notify of nc-polled: only the watch list can find its new version.
        registry.publish("nc-polled", "1.0.0");
        Api.Answer watched = api.postJson("/api/watches", "{\"package\":\"nc-polled\"}");
        assertThat(watched.status()).as(watched.body()).isEqualTo(201);
        // What was published before the watch is the baseline, not news.
        assertThat(watched.json().path("versions")).extracting(JsonNode::asText).containsExactly("1.0.0");

        registry.publish("nc-polled", "1.1.0");

        JsonNode job = awaitJob("nc-polled", "1.1.0");
        assertThat(job.path("state").asText()).isEqualTo("PASSED");
        assertThat(api.log(job.path("id").asText())).contains("ok 1 nc-polled@1.1.0 was published and tested");
        assertThat(jobsOf("nc-polled", "1.0.0")).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode watch = api.get("/api/watches/nc-polled").json();
            assertThat(watch.path("versions")).extracting(JsonNode::asText).containsExactlyInAnyOrder("1.0.0", "1.1.0");
            assertThat(watch.path("notModified").asLong()).as("polls answered 304 thanks to the ETag").isPositive();
        });
    }

    @Test
    void aPublishBothPolledAndNotifiedIsTestedOnce() throws Exception {
        registry.publish("nc-watched", "1.0.0");
        assertThat(api.postJson("/api/watches", "{\"package\":\"nc-watched\"}").status()).isEqualTo(201);

        registry.publish("nc-watched", "1.1.0");

        assertThat(awaitJob("nc-watched", "1.1.0").path("state").asText()).isEqualTo("PASSED");
        // The poll sees 1.1.0 too (within a second or two); it queues nothing more.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/api/watches/nc-watched").json()
                .path("versions")).extracting(JsonNode::asText).contains("1.1.0"));
        assertThat(jobsOf("nc-watched", "1.1.0")).hasSize(1);
    }

    @Test
    void verdacciosNotifyOnPublishQueuesTheVersion() throws Exception {
        registry.publish("nc-notified", "2.0.0");

        JsonNode job = awaitJob("nc-notified", "2.0.0");

        assertThat(job.path("state").asText()).isEqualTo("PASSED");
        Api.Answer forged = api.send(HttpRequest.newBuilder(api.uri("/api/hooks/notify"))
                .header("Authorization", "Bearer not-the-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"publishedPackage\":\"nc-notified@2.0.1\"}")), false);
        assertThat(forged.status()).isEqualTo(401);
    }

    @Test
    void theReplicationFeedNamesAPackageItsFiltersFollowAndItsLatestVersionIsTested() throws Exception {
        JsonNode job = awaitJob("nc-feed", "1.0.0");

        assertThat(job.path("state").asText()).isEqualTo("PASSED");
        assertThat(api.get("/api/watches/nc-feed").json().path("source").asText()).isEqualTo("feed");
        assertThat(api.get("/api/watches/left-out").status()).isEqualTo(404);
        // It started at the database's sequence, not at the registry's beginning, and kept its checkpoint.
        assertThat(feedRequests).contains("/registry/").doesNotContain("/registry/_changes?since=0&limit=500");
        await().atMost(Duration.ofSeconds(30)).until(() -> feedRequests.contains("/registry/_changes?since=43&limit=500"));
    }

    @Test
    void watchesAreValidatedAndRemovable() throws Exception {
        Api.Answer bad = api.postJson("/api/watches", "{\"package\":\"../etc\"}");
        Api.Answer unknown = api.postJson("/api/watches", "{\"package\":\"nc-never-published\"}");
        Api.Answer anonymous = api.send(HttpRequest.newBuilder(api.uri("/api/watches"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"package\":\"nc-watched\"}")), false);
        registry.publish("nc-removed", "1.0.0");
        assertThat(api.postJson("/api/watches", "{\"package\":\"nc-removed\"}").status()).isEqualTo(201);
        Api.Answer removed = api.send(HttpRequest.newBuilder(api.uri("/api/watches/nc-removed")).DELETE());

        assertThat(bad.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(removed.status()).isEqualTo(204);
        assertThat(api.get("/api/watches").json()).extracting(w -> w.path("name").asText()).doesNotContain("nc-removed");
    }

    private static JsonNode awaitJob(String name, String version) throws Exception {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> !jobsOf(name, version).isEmpty());
        return api.awaitFinal(jobsOf(name, version).get(0).path("id").asText(), Duration.ofMinutes(2));
    }

    private static List<JsonNode> jobsOf(String name, String version) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode job : api.get("/api/jobs?limit=500").json()) {
            if (name.equals(job.path("package").asText()) && version.equals(job.path("version").asText())) {
                found.add(job);
            }
        }
        return found;
    }
}
