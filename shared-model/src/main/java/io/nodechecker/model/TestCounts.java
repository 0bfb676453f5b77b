package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How many tests a run reported passing, failing and skipped, as its own summary says. */
@RegisterForReflection
public record TestCounts(int passed, int failed, int skipped) {

    public int total() {
        return passed + failed + skipped;
    }
}
