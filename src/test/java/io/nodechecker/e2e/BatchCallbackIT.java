package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who a batch's callback may reach, and that it is delivered even when the gateway sending it dies.
 * The receivers are this test's own servers on loopback; batches of skipped entries finish at once,
 * so no runner is needed.
 */
class BatchCallbackIT {

    @Test
    void aCallbackCannotBeAimedAtLoopbackUnlessTheOperatorAllowsIt() throws Exception {
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = receiver(exchange -> {
            received.incrementAndGet();
            answer(exchange, 204);
        });
        try (TestStack stack = new TestStack(1)) {
            Api api = stack.api(stack.startGateway());
            int port = receiver.getAddress().getPort();

            Api.Answer literal = create(api, "http://127.0.0.1:" + port + "/done");
            assertThat(literal.status()).isEqualTo(400);
            assertThat(literal.json().path("errors").get(0).path("field").asText()).isEqualTo("callback");
            assertThat(literal.json().path("detail").asText()).contains("loopback");

            // A name is judged when it is resolved, at send time: localhost resolves to loopback.
            Api.Answer named = create(api, "http://localhost:" + port + "/done");
            assertThat(named.status()).as(named.body()).isEqualTo(202);
            String id = named.json().path("id").asText();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode callback = api.get("/api/batches/" + id).json().path("callback");
                assertThat(callback.path("state").asText()).isEqualTo("FAILED");
                assertThat(callback.path("problem").asText()).contains("resolves to").contains("loopback");
            });
            assertThat(received.get()).isZero();
            HostileRecord.record(BatchCallbackIT.class, "Callbacks", new HostileRecord.Row(
                    "a batch callback to `http://127.0.0.1:…`", "makes the gateway call into its own machine",
                    literal.status() + ": " + literal.json().path("detail").asText().replace(":" + port, ":…"), "—", "—"));
            HostileRecord.record(BatchCallbackIT.class, "Callbacks", new HostileRecord.Row(
                    "a batch callback to `http://localhost:…`", "the same, through a name resolved at send time",
                    "accepted, then FAILED: " + api.get("/api/batches/" + id).json().path("callback").path("problem").asText()
                            .replace(":" + port, ":…") + "; the receiver got " + received.get() + " requests", "—", "—"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aCallbackLeftSendingByAGatewayThatDiedIsSentByAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = receiver(exchange -> {
            // The first delivery hangs until its gateway is gone; later ones are taken.
            if (received.incrementAndGet() == 1) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answer(exchange, 204);
        });
        String allow = "nodechecker.gateway.batches.callback-private-addresses=true";
        try (TestStack stack = new TestStack(2)) {
            List<AppProcess> gateways = List.of(stack.startGateway(allow), stack.startGateway(allow));
            Api api = stack.api(gateways.get(0));
            Api.Answer created = create(api, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/done");
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            String id = created.json().path("id").asText();

            await().atMost(Duration.ofSeconds(30)).until(() -> received.get() == 1);
            String sender = api.get("/api/batches/" + id).json().path("callback").path("gateway").asText();
            AppProcess sending = gateways.stream().filter(g -> sender.contains("-" + g.pid())).findFirst().orElseThrow();
            AppProcess other = gateways.stream().filter(g -> g != sending).findFirst().orElseThrow();
            sending.kill();
            release.countDown();

            Api survivor = stack.api(other);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode callback = survivor.get("/api/batches/" + id).json().path("callback");
                assertThat(callback.path("state").asText()).isEqualTo("DELIVERED");
            });
            assertThat(received.get()).isGreaterThanOrEqualTo(2);
        } finally {
            release.countDown();
            receiver.stop(0);
        }
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    private static HttpServer receiver(Handler handler) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/done", exchange -> {
            try {
                exchange.getRequestBody().readAllBytes();
                handler.handle(exchange);
            } catch (Exception e) {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, int status) throws java.io.IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static Api.Answer create(Api api, String callback) throws Exception {
        String batch = """
                {"packages":[{"package":"left-pad","skip":true}],"callback":"%s"}""".formatted(callback);
        return api.send(HttpRequest.newBuilder(api.uri("/api/batches"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch)));
    }
}
