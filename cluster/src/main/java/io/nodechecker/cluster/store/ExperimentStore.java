package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.Experiment;
import org.infinispan.Cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Experiments in the cluster, keyed by id, and the ids of the newest {@link #KEPT_RECENT} in one entry, so
 * listing them is one read however many the cluster holds.
 */
public final class ExperimentStore {

    /** The key of the newest experiments' ids (no experiment id starts with a dot). */
    static final String RECENT = ".recent";
    static final int KEPT_RECENT = 200;

    private final Cache<String, String> experiments;

    ExperimentStore(ClusterNode node) {
        this.experiments = node.cache(Caches.EXPERIMENTS);
    }

    public void create(Experiment experiment) {
        experiments.put(experiment.id(), Json.write(experiment));
        while (true) {
            String current = experiments.get(RECENT);
            List<String> ids = new ArrayList<>(current == null ? List.of() : List.of(Json.read(current, String[].class)));
            ids.add(0, experiment.id());
            String next = Json.write(ids.subList(0, Math.min(ids.size(), KEPT_RECENT)));
            boolean stored = current == null ? experiments.putIfAbsent(RECENT, next) == null
                    : experiments.replace(RECENT, current, next);
            if (stored) {
                return;
            }
        }
    }

    public Optional<Experiment> find(String id) {
        return RECENT.equals(id) ? Optional.empty() : Optional.ofNullable(Json.read(experiments.get(id), Experiment.class));
    }

    /** The newest experiments still kept, newest first, at most {@code limit}. */
    public List<Experiment> recent(int limit) {
        String current = experiments.get(RECENT);
        if (current == null) {
            return List.of();
        }
        return List.of(Json.read(current, String[].class)).stream()
                .map(id -> find(id).orElse(null)).filter(Objects::nonNull).limit(limit).toList();
    }
}
