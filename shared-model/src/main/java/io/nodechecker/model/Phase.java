package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One step of a job ({@code fetch}, {@code install}, then npm's test lifecycle: {@code pretest} when the
 * package has one, {@code test}, {@code posttest} when it has one): when it started, how long it took,
 * how it exited.
 */
@RegisterForReflection
public record Phase(String name, Instant startedAt, Long durationMs, Integer exitCode) {

    public static final String FETCH = "fetch";
    public static final String INSTALL = "install";
    public static final String PRETEST = "pretest";
    public static final String TEST = "test";
    public static final String POSTTEST = "posttest";

    public static Phase started(String name, Instant at) {
        return new Phase(name, at, null, null);
    }

    public Phase ended(Instant at, Integer exitCode) {
        return new Phase(name, startedAt, at.toEpochMilli() - startedAt.toEpochMilli(), exitCode);
    }
}
