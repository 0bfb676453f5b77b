package io.nodechecker.e2e;

import java.util.List;

/**
 * The table of hostile inputs in docs/HOSTILE-INPUTS.md, written by the tests that tried them
 * ({@link RecordedTable}).
 */
final class HostileRecord {

    /**
     * One abuse: what was sent, what it attempted, what the system did as the test observed it, and what
     * Judge0 and Piston do about the same (from their default configuration; "—" where it sets nothing).
     */
    record Row(String input, String attempted, String happened, String judge0, String piston) {
    }

    private static final String HEADER = """
            # Hostile inputs and abuse, as the tests saw them

            Written by the end-to-end tests on every run (`HostileRecord`): a row appears once its test's
            assertions held, and "what happened" is what that test observed. docs/SECURITY.md explains the
            defences; Judge0's column is its `judge0.conf` defaults, Piston's its `docs/configuration.md`
            ("—": those set nothing for it, or the product has no such input).
            """;
    private static final RecordedTable TABLE = new RecordedTable(TestStack.ROOT.resolve("docs/HOSTILE-INPUTS.md"), HEADER,
            List.of("Input", "What it attempted", "What happened", "Judge0", "Piston"));

    private HostileRecord() {
    }

    /** Records a row of {@code test}'s section, titled {@code title}, and rewrites the file. */
    static void record(Class<?> test, String title, Row row) {
        TABLE.record(test, title, List.of(row.input(), row.attempted(), row.happened(), row.judge0(), row.piston()));
    }
}
