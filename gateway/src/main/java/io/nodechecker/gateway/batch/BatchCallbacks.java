package io.nodechecker.gateway.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.BatchStore;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.trigger.HmacSignature;
import io.nodechecker.model.Batch;
import io.nodechecker.model.Batch.CallbackState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends a finished batch's summary to its callback URL: signed with HMAC-SHA256, tried again with
 * the wait doubling from one second until it is taken (2xx) or the attempts are used up. A
 * compare-and-set (PENDING → SENDING) lets exactly one gateway send it.
 */
@ApplicationScoped
public class BatchCallbacks {

    static final String SIGNATURE_HEADER = "X-Nodechecker-Signature";
    private static final Logger LOG = Logger.getLogger(BatchCallbacks.class);

    private final BatchStore store;
    private final Batches batches;
    private final ObjectMapper mapper;
    private final GatewayConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService senders = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "batch-callback");
        thread.setDaemon(true);
        return thread;
    });

    BatchCallbacks(BatchStore store, Batches batches, ObjectMapper mapper, GatewayConfig config) {
        this.store = store;
        this.batches = batches;
        this.mapper = mapper;
        this.config = config;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendFinished() {
        for (Batch batch : store.awaitingCallback()) {
            BatchView view = batches.view(batch);
            if (view.done() && store.update(batch.id(), b -> b.callbackState() == CallbackState.PENDING
                    ? b.withCallback(CallbackState.SENDING, b.callbackAttempts()) : null).isPresent()) {
                senders.execute(() -> send(batch, view));
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        senders.shutdownNow();
    }

    private void send(Batch batch, BatchView view) {
        int attempts = 0;
        long wait = 1000;
        while (attempts < config.batches().callbackAttempts()) {
            attempts++;
            if (post(batch.callback(), view)) {
                int made = attempts;
                store.update(batch.id(), b -> b.withCallback(CallbackState.DELIVERED, made));
                return;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            wait *= 2;
        }
        int made = attempts;
        store.update(batch.id(), b -> b.withCallback(CallbackState.FAILED, made));
        LOG.warnf("the callback of batch %s was not taken after %d attempts", batch.id(), attempts);
    }

    private boolean post(String url, BatchView view) {
        try {
            byte[] body = mapper.writeValueAsBytes(view);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            config.batches().callbackSecret().ifPresent(secret ->
                    request.header(SIGNATURE_HEADER, HmacSignature.sign(secret, body)));
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (Exception e) {
            LOG.debugf("callback to %s failed: %s", url, e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
