package io.nodechecker.cluster.store;

import io.nodechecker.cluster.codec.Json;
import org.infinispan.Cache;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Records kept as JSON in a cache and changed with compare-and-set: read, change, replace only if
 * nobody replaced it meanwhile, else read again. Every store changes its records this way.
 */
final class JsonRecords {

    private JsonRecords() {
    }

    /**
     * Applies {@code change} to the record under {@code key} atomically; empty when there is no record
     * or {@code change} returned null (nothing to do).
     */
    static <T> Optional<T> update(Cache<String, String> cache, String key, Class<T> type, UnaryOperator<T> change) {
        while (true) {
            String current = cache.get(key);
            if (current == null) {
                return Optional.empty();
            }
            T after = change.apply(Json.read(current, type));
            if (after == null) {
                return Optional.empty();
            }
            if (cache.replace(key, current, Json.write(after))) {
                return Optional.of(after);
            }
        }
    }
}
