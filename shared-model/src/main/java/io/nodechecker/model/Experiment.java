package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An experiment as stored: what it compares and where its packages came from. Its items are the batch of
 * the same id, which runs every package on both sides and confirms each difference.
 *
 * @param baseline  the Node line (or candidate build) expected to be good
 * @param candidate the one under test
 * @param packages  where the package list came from: {@code lookup.json}, {@code list} or {@code top N}
 * @param schedule  the schedule that made it, or {@code null} when a caller did
 * @param tags      each package's tags, from lookup.json (none from a list)
 */
@RegisterForReflection
public record Experiment(String id, String name, String baseline, String candidate, String packages, String schedule,
                         String owner, Instant createdAt, Map<String, List<String>> tags) {

    public Experiment {
        tags = tags == null ? Map.of() : tags;
    }
}
