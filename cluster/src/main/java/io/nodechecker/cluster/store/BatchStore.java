package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.Batch;
import org.infinispan.Cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Batches in the cluster, keyed by id; changed with compare-and-set like jobs. The ids of open
 * batches (still running, retrying or with a callback to send) are kept apart, so finding them never
 * reads every batch; so is the latest run of each batch name.
 */
public final class BatchStore {

    private final Cache<String, String> batches;
    private final Cache<String, String> open;
    private final Cache<String, String> names;

    public BatchStore(ClusterNode node) {
        this.batches = node.cache(Caches.BATCHES);
        this.open = node.cache(Caches.OPEN_BATCHES);
        this.names = node.cache(Caches.BATCH_NAMES);
    }

    public void create(Batch batch) {
        open.put(batch.id(), batch.id());
        batches.putIfAbsent(batch.id(), Json.write(batch));
        if (batch.name() != null) {
            names.put(batch.name(), batch.id());
        }
    }

    /** The id of the latest batch named {@code name}. */
    public Optional<String> latestNamed(String name) {
        return Optional.ofNullable(names.get(name));
    }

    /** Batches still running, retrying or with their callback to send. */
    public List<Batch> open() {
        List<Batch> found = new ArrayList<>();
        for (String id : List.copyOf(open.keySet())) {
            Optional<Batch> batch = find(id);
            if (batch.isEmpty()) {
                open.remove(id);
            } else {
                found.add(batch.get());
            }
        }
        return found;
    }

    /** The batch is done and has nothing left to send. */
    public void close(String id) {
        open.remove(id);
    }

    public Optional<Batch> find(String id) {
        return Optional.ofNullable(Json.read(batches.get(id), Batch.class));
    }

    /** Applies {@code change} atomically; empty when the batch is missing or the change returned null. */
    public Optional<Batch> update(String id, UnaryOperator<Batch> change) {
        Optional<Batch> after = JsonRecords.update(batches, id, Batch.class, change);
        after.filter(batch -> batch.callbackState() == Batch.CallbackState.DELIVERED
                        || batch.callbackState() == Batch.CallbackState.FAILED)
                .ifPresent(batch -> open.remove(id)); // a callback goes out once the batch is done
        return after;
    }

    /** Batches whose completion callback is still to be sent, or is being sent by a gateway. */
    public List<Batch> awaitingCallback() {
        return open().stream().filter(batch -> batch.callbackState() == Batch.CallbackState.PENDING
                || batch.callbackState() == Batch.CallbackState.SENDING).toList();
    }
}
