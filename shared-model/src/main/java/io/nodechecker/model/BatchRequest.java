package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The body of {@code POST /api/batches} (the other body it takes is CITGM's {@code lookup.json} as it is).
 *
 * @param callback URL that gets the batch's summary, HMAC-signed, once every job has its result
 * @param node     Node majors every entry that names none runs on (one entry each); default the jobs' default
 * @param retries  how many times a failed entry is rerun before it counts (flaky ones at least once)
 * @param compare  {@code node}: the first of two majors is the baseline, the second the candidate;
 *                 {@code previous}: this run against the previous batch of the same {@code name};
 *                 {@code true}: {@code node} when two majors are given, else {@code previous}
 * @param name     what the batch is called, to compare it with its next run
 */
@RegisterForReflection
public record BatchRequest(List<BatchEntry> packages, String callback, List<String> node, Integer retries,
                           String compare, String name) {

    public BatchRequest(List<BatchEntry> packages, String callback) {
        this(packages, callback, null, null, null, null);
    }
}
