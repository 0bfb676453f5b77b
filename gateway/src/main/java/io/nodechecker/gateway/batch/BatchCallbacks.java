package io.nodechecker.gateway.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.store.BatchStore;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.Batch;
import io.nodechecker.model.Batch.CallbackState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sends a finished batch's summary to its callback URL ({@link CallbackDelivery}: signed with HMAC-SHA256,
 * tried again with the wait doubling from one second until it is taken or the attempts are used up). A
 * compare-and-set (PENDING → SENDING, naming the sending gateway) lets exactly one gateway send it;
 * when that gateway leaves the cluster before it is done, another takes the callback over. The URL's
 * host is resolved and judged by {@link CallbackTargets}, and the request goes to that very address.
 * Deliveries hold no thread while they wait, and a gateway has at most {@code batches.callback-per-destination}
 * of them under way to one host and port and {@code batches.callback-concurrency} in all: a receiver that never
 * answers delays only its own callbacks.
 */
@ApplicationScoped
public class BatchCallbacks {

    private static final Logger LOG = Logger.getLogger(BatchCallbacks.class);

    private final BatchStore store;
    private final Batches batches;
    private final ObjectMapper mapper;
    private final ClusterNode node;
    private final Vertx vertx;
    private final HttpClient http;
    private final CallbackDelivery delivery;
    private final CallbackLanes lanes;
    private volatile boolean stopping;

    BatchCallbacks(BatchStore store, Batches batches, ObjectMapper mapper, GatewayConfig config,
                   CallbackTargets targets, ClusterNode node, Vertx vertx) {
        this.store = store;
        this.batches = batches;
        this.mapper = mapper;
        this.node = node;
        this.vertx = vertx;
        Duration timeout = config.batches().callbackTimeout();
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeout.toMillis()).setVerifyHost(true));
        this.delivery = new CallbackDelivery(vertx, http, targets, config.batches().callbackSecret(),
                config.batches().callbackAttempts(), Duration.ofSeconds(1), timeout);
        this.lanes = new CallbackLanes(config.batches().callbackPerDestination(), config.batches().callbackConcurrency());
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendFinished() {
        String me = String.valueOf(node.manager().getAddress());
        Set<String> members = node.manager().getMembers().stream().map(String::valueOf).collect(Collectors.toSet());
        for (Batch batch : store.awaitingCallback()) {
            boolean orphaned = batch.callbackState() == CallbackState.SENDING && !members.contains(batch.callbackSender());
            if (batch.callbackState() == CallbackState.PENDING && !batches.view(batch).done()) {
                continue;
            }
            if (batch.callbackState() == CallbackState.SENDING && !orphaned) {
                continue;
            }
            String destination = CallbackLanes.destination(batch.callback());
            if (!lanes.tryEnter(destination)) {
                continue; // its receiver, or this gateway, has as many under way as it may: a later pass sends it
            }
            String before = batch.callbackSender();
            if (store.update(batch.id(), b -> b.callbackState() == batch.callbackState()
                    && Objects.equals(b.callbackSender(), before) ? b.sending(me) : null).isPresent()) {
                if (orphaned) {
                    LOG.infof("gateway %s left while sending the callback of batch %s: this gateway sends it", before, batch.id());
                }
                send(batch).onComplete(done -> lanes.leave(destination));
            } else {
                lanes.leave(destination);
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        // Deliveries under way stop with the client; their batches stay SENDING for this gateway, and another
        // gateway takes them over once this one has left the cluster.
        http.close();
    }

    private Future<Void> send(Batch batch) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(batches.view(batch));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a batch view that cannot be written as JSON", e);
        }
        // Stored on a worker: the cluster's compare-and-set blocks.
        return delivery.deliver(URI.create(batch.callback()), body)
                .compose(outcome -> vertx.executeBlocking(() -> record(batch, outcome), false));
    }

    private Void record(Batch batch, CallbackDelivery.Outcome outcome) {
        if (stopping) {
            return null; // cut short by this gateway's stop, not by the receiver: another gateway sends it
        }
        if (outcome.taken()) {
            store.update(batch.id(), b -> b.delivered(outcome.attempts()));
            return null;
        }
        store.update(batch.id(), b -> b.failed(outcome.attempts(), outcome.problem()));
        LOG.warnf("the callback of batch %s was not taken after %d attempts: %s", batch.id(), outcome.attempts(),
                outcome.problem());
        return null;
    }
}
