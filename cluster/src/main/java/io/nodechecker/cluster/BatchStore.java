package io.nodechecker.cluster;

import io.nodechecker.model.Batch;
import org.infinispan.Cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Batches in the cluster, keyed by id; changed with compare-and-set like jobs. The ids of batches
 * whose callback is still to be sent are kept apart, so finding them never reads every batch.
 */
public final class BatchStore {

    private final Cache<String, String> batches;
    private final Cache<String, String> awaitingCallback;

    public BatchStore(ClusterNode node) {
        this.batches = node.cache(Caches.BATCHES);
        this.awaitingCallback = node.cache(Caches.OPEN_BATCHES);
    }

    public void create(Batch batch) {
        if (batch.callbackState() == Batch.CallbackState.PENDING) {
            awaitingCallback.put(batch.id(), batch.id());
        }
        batches.putIfAbsent(batch.id(), Json.write(batch));
    }

    public Optional<Batch> find(String id) {
        return Optional.ofNullable(Json.read(batches.get(id), Batch.class));
    }

    /** Applies {@code change} atomically; empty when the batch is missing or the change returned null. */
    public Optional<Batch> update(String id, UnaryOperator<Batch> change) {
        while (true) {
            String current = batches.get(id);
            if (current == null) {
                return Optional.empty();
            }
            Batch after = change.apply(Json.read(current, Batch.class));
            if (after == null) {
                return Optional.empty();
            }
            if (batches.replace(id, current, Json.write(after))) {
                if (after.callbackState() == Batch.CallbackState.DELIVERED
                        || after.callbackState() == Batch.CallbackState.FAILED) {
                    awaitingCallback.remove(id);
                }
                return Optional.of(after);
            }
        }
    }

    /** Batches whose completion callback is still to be sent, or is being sent by a gateway. */
    public List<Batch> awaitingCallback() {
        List<Batch> found = new ArrayList<>();
        for (String id : List.copyOf(awaitingCallback.keySet())) {
            Optional<Batch> batch = find(id);
            if (batch.isEmpty()) {
                awaitingCallback.remove(id);
            } else if (batch.get().callbackState() == Batch.CallbackState.PENDING
                    || batch.get().callbackState() == Batch.CallbackState.SENDING) {
                found.add(batch.get());
            }
        }
        return found;
    }
}
