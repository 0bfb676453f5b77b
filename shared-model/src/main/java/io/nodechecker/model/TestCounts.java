package io.nodechecker.model;

/** How many tests a run reported passing, failing and skipped, as its own summary says. */
public record TestCounts(int passed, int failed, int skipped) {

    public int total() {
        return passed + failed + skipped;
    }
}
