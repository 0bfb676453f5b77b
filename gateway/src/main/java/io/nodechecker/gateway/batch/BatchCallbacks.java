package io.nodechecker.gateway.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.BatchStore;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.trigger.HmacSignature;
import io.nodechecker.model.Batch;
import io.nodechecker.model.Batch.CallbackState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Sends a finished batch's summary to its callback URL: signed with HMAC-SHA256, tried again with
 * the wait doubling from one second until it is taken (2xx) or the attempts are used up. A
 * compare-and-set (PENDING → SENDING, naming the sending gateway) lets exactly one gateway send it;
 * when that gateway leaves the cluster before it is done, another takes the callback over. The URL's
 * host is resolved and judged by {@link CallbackTargets}, and the request goes to that very address.
 */
@ApplicationScoped
public class BatchCallbacks {

    static final String SIGNATURE_HEADER = "X-Nodechecker-Signature";
    private static final Logger LOG = Logger.getLogger(BatchCallbacks.class);

    private final BatchStore store;
    private final Batches batches;
    private final ObjectMapper mapper;
    private final GatewayConfig config;
    private final CallbackTargets targets;
    private final ClusterNode node;
    private final HttpClient http;
    private final ExecutorService senders = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "batch-callback");
        thread.setDaemon(true);
        return thread;
    });

    BatchCallbacks(BatchStore store, Batches batches, ObjectMapper mapper, GatewayConfig config,
                   CallbackTargets targets, ClusterNode node, Vertx vertx) {
        this.store = store;
        this.batches = batches;
        this.mapper = mapper;
        this.config = config;
        this.targets = targets;
        this.node = node;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setVerifyHost(true));
    }

    @Scheduled(every = "${nodechecker.gateway.schedule.batch-callbacks}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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
            String before = batch.callbackSender();
            if (store.update(batch.id(), b -> b.callbackState() == batch.callbackState()
                    && Objects.equals(b.callbackSender(), before) ? b.sending(me) : null).isPresent()) {
                if (orphaned) {
                    LOG.infof("gateway %s left while sending the callback of batch %s: this gateway sends it", before, batch.id());
                }
                senders.execute(() -> send(batch));
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        senders.shutdownNow();
        http.close();
    }

    private void send(Batch batch) {
        URI url = URI.create(batch.callback());
        int attempts = 0;
        long wait = 1000;
        String problem = null;
        while (attempts < config.batches().callbackAttempts()) {
            attempts++;
            try {
                // Resolved and judged again on every attempt: what a name resolves to may change.
                InetAddress address = targets.resolve(url);
                problem = post(url, address, batches.view(batch));
                if (problem == null) {
                    int made = attempts;
                    store.update(batch.id(), b -> b.delivered(made));
                    return;
                }
            } catch (CallbackTargets.Refused refused) {
                problem = refused.getMessage();
                break; // a refused target is not tried again
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // this gateway is stopping: another takes the callback over
            }
            wait *= 2;
        }
        int made = attempts;
        String why = problem;
        store.update(batch.id(), b -> b.failed(made, why));
        LOG.warnf("the callback of batch %s was not taken after %d attempts: %s", batch.id(), attempts, why);
    }

    /** Posts the view to {@code url} at {@code address}; why it was not taken, or {@code null}. */
    private String post(URI url, InetAddress address, BatchView view) {
        try {
            byte[] body = mapper.writeValueAsBytes(view);
            boolean https = "https".equals(url.getScheme());
            int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
                    .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setTimeout(10_000).putHeader("Content-Type", "application/json");
            config.batches().callbackSecret().ifPresent(secret ->
                    request.putHeader(SIGNATURE_HEADER, HmacSignature.sign(secret, body)));
            int status = http.request(request).compose(r -> r.send(Buffer.buffer(body)))
                    .map(response -> response.statusCode())
                    .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            return status >= 200 && status < 300 ? null : "the callback answered " + status;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("callback to %s failed: %s", url, e.getMessage());
            return "the callback could not be posted: " + e.getMessage();
        }
    }
}
