package io.nodechecker.gateway.batch;

import io.nodechecker.gateway.GatewayAlone;
import io.nodechecker.gateway.access.HmacSignature;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A callback posted to a scripted receiver on a loopback port: retried while it is not taken, signed the same
 * every time, given up after the attempts, never tried when its target is refused, left when it never answers. In the gateway's own
 * Quarkus (the profile GatewayApiTest starts), where the retry guard runs as it does in production.
 */
@QuarkusTest
@TestProfile(GatewayAlone.class)
class CallbackDeliveryTest {

    private static final byte[] BODY = "{\"id\":\"batch-1\",\"done\":true}".getBytes(StandardCharsets.UTF_8);

    @Inject
    Vertx vertx;

    private HttpServer receiver;
    private HttpClient http;
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final Queue<String> signatures = new ConcurrentLinkedQueue<>();
    private final Queue<String> bodies = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            signatures.add(String.valueOf(request.getHeader(CallbackDelivery.SIGNATURE_HEADER)));
            bodies.add(body.toString(StandardCharsets.UTF_8));
            Integer status = answers.poll();
            request.response().setStatusCode(status == null ? 200 : status).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        http = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        if (receiver != null) {
            receiver.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void retriedUntilTakenSignedTheSameEveryTime() throws Exception {
        answers.addAll(List.of(500, 503));
        CallbackDelivery.Outcome outcome = delivery(true, 5).deliver(url(), BODY).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new CallbackDelivery.Outcome(true, 3, null));
        assertThat(bodies).hasSize(3).allMatch(body -> body.equals(new String(BODY, StandardCharsets.UTF_8)));
        assertThat(signatures).hasSize(3).containsOnly(HmacSignature.sign("callback-secret", BODY));
    }

    @Test
    void givenUpAfterTheAttemptsWithTheLastAnswer() throws Exception {
        answers.addAll(List.of(500, 502, 404, 200));
        CallbackDelivery.Outcome outcome = delivery(true, 3).deliver(url(), BODY).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new CallbackDelivery.Outcome(false, 3, "the callback answered 404"));
        assertThat(bodies).hasSize(3);
    }

    @Test
    void aRefusedTargetIsNeverTriedAgainNorReached() throws Exception {
        CallbackDelivery.Outcome outcome = delivery(false, 5).deliver(url(), BODY).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(outcome.taken()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.problem()).contains("a loopback address");
        assertThat(bodies).isEmpty();
    }

    @Test
    void anUnreachableReceiverCountsAsNotTaken() throws Exception {
        URI closed = url();
        receiver.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        receiver = null;

        CallbackDelivery.Outcome outcome = delivery(true, 2).deliver(closed, BODY).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(outcome.taken()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.problem()).startsWith("the callback could not be posted");
    }

    @Test
    void aReceiverThatAcceptsButNeverAnswersIsLeftAfterTwiceTheTimeoutHoldingNoThread() throws Exception {
        HttpServer silent = vertx.createHttpServer().requestHandler(request -> {
            // takes the request and never answers
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            CallbackDelivery delivery = new CallbackDelivery(vertx, http, new CallbackTargets(true), Optional.empty(), 1,
                    Duration.ofMillis(10), Duration.ofMillis(500));
            long started = System.nanoTime();
            var pending = delivery.deliver(URI.create("http://127.0.0.1:" + silent.actualPort() + "/hook"), BODY)
                    .toCompletionStage().toCompletableFuture();
            // The caller is not held: deliver returned while the receiver sits on the request.
            assertThat(pending).isNotDone();

            CallbackDelivery.Outcome outcome = pending.get(10, TimeUnit.SECONDS);
            assertThat(outcome.taken()).isFalse();
            assertThat(outcome.problem()).isIn("the callback was not answered within 1 s",
                    "the callback could not be posted: The timeout period of 500ms has been exceeded while executing"
                            + " POST /hook for server 127.0.0.1:" + silent.actualPort());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            silent.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private CallbackDelivery delivery(boolean privateAllowed, int attempts) {
        return new CallbackDelivery(vertx, http, new CallbackTargets(privateAllowed), Optional.of("callback-secret"), attempts,
                Duration.ofMillis(10), Duration.ofSeconds(5));
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + receiver.actualPort() + "/hook");
    }
}
