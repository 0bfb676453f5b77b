package io.nodechecker.e2e;

import java.util.List;

/** The faults in docs/CHAOS.md, written by the tests that caused them ({@link RecordedTable}). */
final class ChaosRecord {

    /** One fault: what was done to which process, how the test did it, and what it then observed. */
    record Row(String fault, String how, String observed) {
    }

    private static final String HEADER = """
            # Faults, as the tests saw them

            Written by the end-to-end tests on every run (`ChaosRecord`): a row appears once its test's
            assertions held, and "what was observed" is what that test saw. docs/CLUSTER.md explains the
            mechanisms (failure detection, lost runners, partitions, storage recovery).
            """;
    private static final RecordedTable TABLE = new RecordedTable(TestStack.ROOT.resolve("docs/CHAOS.md"), HEADER,
            List.of("Fault", "How the test causes it", "What was observed"));

    private ChaosRecord() {
    }

    /** Records a row of {@code test}'s section, titled {@code title}, and rewrites the file. */
    static void record(Class<?> test, String title, Row row) {
        TABLE.record(test, title, List.of(row.fault(), row.how(), row.observed()));
    }
}
