package io.nodechecker.gateway.batch;

import io.nodechecker.gateway.access.HmacSignature;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Posts one callback body until it is taken (2xx) or the attempts are used up, the wait doubling from
 * {@code firstWait} between tries (with up to 0.2 s of jitter). Each try resolves the URL's host again (on a
 * worker thread) and sends to the very address {@link CallbackTargets} judged; a refused target is not tried
 * again. Nothing blocks while it waits: the waits are timers and the requests are Vert.x's, so a receiver that
 * never answers costs a connection and a timer, never a thread.
 */
final class CallbackDelivery {

    /** How it went: taken or not, after how many tries, and why not. */
    record Outcome(boolean taken, int attempts, String problem) {
    }

    static final String SIGNATURE_HEADER = "X-Nodechecker-Signature";
    private static final Logger LOG = Logger.getLogger(CallbackDelivery.class);
    private static final long JITTER_MS = 200;

    private final Vertx vertx;
    private final HttpClient http;
    private final CallbackTargets targets;
    private final Optional<String> secret;
    private final int attempts;
    private final Duration firstWait;
    private final Duration timeout;

    /** @param timeout how long an attempt may take to connect, and then to be answered */
    CallbackDelivery(Vertx vertx, HttpClient http, CallbackTargets targets, Optional<String> secret, int attempts,
                     Duration firstWait, Duration timeout) {
        this.vertx = vertx;
        this.http = http;
        this.targets = targets;
        this.secret = secret;
        this.attempts = attempts;
        this.firstWait = firstWait;
        this.timeout = timeout;
    }

    /** Delivers {@code body} to {@code url}; completes when it was taken or the attempts are used up. */
    Future<Outcome> deliver(URI url, byte[] body) {
        Promise<Outcome> done = Promise.promise();
        attempt(url, body, 1, firstWait, done);
        return done.future();
    }

    private void attempt(URI url, byte[] body, int attempt, Duration wait, Promise<Outcome> done) {
        // Resolved and judged again on every attempt: what a name resolves to may change.
        vertx.<InetAddress>executeBlocking(() -> targets.resolve(url), false)
                .compose(address -> post(url, address, body))
                .onComplete(result -> {
                    if (result.failed() && result.cause() instanceof CallbackTargets.Refused refused) {
                        done.complete(new Outcome(false, attempt, refused.getMessage()));
                    } else if (result.failed()) {
                        done.complete(new Outcome(false, attempt, "the callback could not be sent: " + result.cause()));
                    } else if (result.result() == null) {
                        done.complete(new Outcome(true, attempt, null));
                    } else if (attempt >= attempts) {
                        done.complete(new Outcome(false, attempt, result.result()));
                    } else {
                        long delay = wait.toMillis() + ThreadLocalRandom.current().nextLong(JITTER_MS + 1);
                        vertx.setTimer(Math.max(1, delay), timer -> attempt(url, body, attempt + 1, wait.multipliedBy(2), done));
                    }
                });
    }

    /**
     * Posts {@code body} to {@code url} at {@code address}: why it was not taken, or {@code null}. The whole
     * exchange has twice the timeout, so a receiver that answers one byte at a time cannot keep it open.
     */
    private Future<String> post(URI url, InetAddress address, byte[] body) {
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setConnectTimeout(timeout.toMillis()).setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json");
        secret.ifPresent(key -> options.putHeader(SIGNATURE_HEADER, HmacSignature.sign(key, body)));
        Promise<String> answer = Promise.promise();
        http.request(options).onFailure(e -> answer.tryComplete(notPosted(url, e))).onSuccess(request -> {
            long deadline = vertx.setTimer(2 * timeout.toMillis(), id -> {
                request.reset();
                answer.tryComplete("the callback was not answered within " + timeout.multipliedBy(2).toSeconds() + " s");
            });
            request.send(Buffer.buffer(body)).map(HttpClientResponse::statusCode).onComplete(result -> {
                vertx.cancelTimer(deadline);
                if (result.failed()) {
                    answer.tryComplete(notPosted(url, result.cause()));
                } else {
                    int status = result.result();
                    answer.tryComplete(status >= 200 && status < 300 ? null : "the callback answered " + status);
                }
            });
        });
        return answer.future();
    }

    private static String notPosted(URI url, Throwable e) {
        LOG.debugf("callback to %s failed: %s", url, e.getMessage());
        return "the callback could not be posted: " + e.getMessage();
    }
}
