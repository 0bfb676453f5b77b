package io.nodechecker.cluster;

import io.nodechecker.model.Batch;
import org.infinispan.Cache;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Batches in the cluster, keyed by id; changed with compare-and-set like jobs. */
public final class BatchStore {

    private final Cache<String, String> batches;

    public BatchStore(ClusterNode node) {
        this.batches = node.cache(Caches.BATCHES);
    }

    public void create(Batch batch) {
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
                return Optional.of(after);
            }
        }
    }

    /** Batches whose completion callback is still to be sent. */
    public List<Batch> awaitingCallback() {
        return batches.values().stream()
                .filter(json -> json.contains("\"callbackState\":\"PENDING\""))
                .map(json -> Json.read(json, Batch.class))
                .toList();
    }
}
