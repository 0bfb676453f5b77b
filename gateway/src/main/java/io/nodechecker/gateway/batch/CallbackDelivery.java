package io.nodechecker.gateway.batch;

import io.nodechecker.gateway.trigger.HmacSignature;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts one callback body until it is taken (2xx) or the attempts are used up, the wait doubling from
 * {@code firstWait} between tries (a SmallRye Fault Tolerance guard, with its jitter of up to 0.2 s). Each try
 * resolves the URL's host again and sends to the very address {@link CallbackTargets} judged; a refused target
 * is not tried again. Blocks its caller while it waits.
 */
final class CallbackDelivery {

    /** How it went: taken or not, after how many tries, and why not. */
    record Outcome(boolean taken, int attempts, String problem) {
    }

    static final String SIGNATURE_HEADER = "X-Nodechecker-Signature";
    private static final Logger LOG = Logger.getLogger(CallbackDelivery.class);

    private final HttpClient http;
    private final CallbackTargets targets;
    private final Optional<String> secret;
    private final TypedGuard<Void> guard;
    private final Duration timeout;

    /** @param timeout how long an attempt may wait for the answer once connected (the client's own bound is the connection's) */
    CallbackDelivery(HttpClient http, CallbackTargets targets, Optional<String> secret, int attempts, Duration firstWait,
                     Duration timeout) {
        this.http = http;
        this.timeout = timeout;
        this.targets = targets;
        this.secret = secret;
        this.guard = TypedGuard.create(Void.class)
                .withRetry().maxRetries(attempts - 1).delay(firstWait.toMillis(), ChronoUnit.MILLIS)
                .maxDuration(1, ChronoUnit.DAYS) // the attempts bound it, not MicroProfile's default 3 minutes
                .retryOn(NotTaken.class).abortOn(CallbackTargets.Refused.class)
                .withExponentialBackoff().factor(2).maxDelay(1, ChronoUnit.HOURS).done()
                .done().build();
    }

    /**
     * Delivers {@code body} to {@code url}; {@code null} when this thread was interrupted on the way (the
     * gateway is stopping, and another one takes the callback over).
     */
    Outcome deliver(URI url, byte[] body) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            guard.call(() -> {
                attempts.incrementAndGet();
                // Resolved and judged again on every attempt: what a name resolves to may change.
                String notTaken = post(url, targets.resolve(url), body);
                if (notTaken != null) {
                    throw new NotTaken(notTaken);
                }
                return null;
            });
            return new Outcome(true, attempts.get(), null);
        } catch (NotTaken | CallbackTargets.Refused e) {
            return new Outcome(false, attempts.get(), e.getMessage());
        } catch (Exception e) {
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                return null;
            }
            return new Outcome(false, attempts.get(), "the callback could not be sent: " + e);
        }
    }

    /** Posts {@code body} to {@code url} at {@code address}; why it was not taken, or {@code null}. */
    private String post(URI url, InetAddress address, byte[] body) throws InterruptedException {
        try {
            boolean https = "https".equals(url.getScheme());
            int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
                    .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setTimeout(timeout.toMillis()).putHeader("Content-Type", "application/json");
            secret.ifPresent(key -> request.putHeader(SIGNATURE_HEADER, HmacSignature.sign(key, body)));
            int status = http.request(request).compose(r -> r.send(Buffer.buffer(body)))
                    .map(response -> response.statusCode())
                    .toCompletionStage().toCompletableFuture().get(2 * timeout.toMillis(), TimeUnit.MILLISECONDS);
            return status >= 200 && status < 300 ? null : "the callback answered " + status;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.debugf("callback to %s failed: %s", url, e.getMessage());
            return "the callback could not be posted: " + e.getMessage();
        }
    }

    /** The callback answered otherwise than 2xx, or could not be reached: worth another try. */
    private static final class NotTaken extends Exception {
        NotTaken(String why) {
            super(why, null, false, false);
        }
    }
}
