package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile batch costs a gateway (issue: "nothing a hostile client does takes the service down"): a
 * 300,000-module lookup table on 999 Node versions, and a lookup table whose skip condition is 81 characters that
 * make a backtracking matcher take exponential time. Answered by a real gateway over HTTP; beside it, the
 * backtracking matcher the gateway used before (java.util.regex) on the same pattern, in this JVM, stopped at 30 s.
 */
class HostileRequestBenchmark {

    private static final String CATASTROPHIC = ".*".repeat(40) + "#";
    private static final long REGEX_CAP_NANOS = 30_000_000_000L;

    @Test
    void measuresWhatAHostileBatchCostsTheGateway() throws Exception {
        try (TestStack stack = new TestStack(1)) {
            AppProcess gateway = stack.startGateway();
            Api api = stack.api(gateway);
            double rssBefore = ProcessMemory.rssMiB(gateway.pid());

            String modules = IntStream.range(0, 300_000).mapToObj(i -> "\"m" + i + "\":{}").collect(Collectors.joining(",", "{", "}"));
            String nodes = IntStream.rangeClosed(1, 999).mapToObj(String::valueOf).collect(Collectors.joining(","));
            long start = System.nanoTime();
            Api.Answer huge = api.postJson("/api/batches?node=" + nodes, modules);
            double hugeSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(huge.status()).isEqualTo(413);
            double rssAfter = ProcessMemory.rssMiB(gateway.pid());

            String lookup = "{\"xtend\":{\"skip\":\"" + CATASTROPHIC + "\"},\"left-pad\":{\"flaky\":\"" + CATASTROPHIC + "\"}}";
            start = System.nanoTime();
            Api.Answer conditions = api.postJson("/api/batches?node=22", lookup);
            double conditionSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(conditions.status()).as(conditions.body()).isLessThan(500);

            double backtracking = backtrackingSeconds("linux-x64");

            BenchReport.write("hostile-requests", String.format(Locale.ROOT, """
                    ### Hostile batches against a gateway

                    One gateway, answered over HTTP (`HostileRequestBenchmark`). The skip and flaky conditions are
                    `".*" × 40 + "#"` (81 characters). The alternative is the backtracking matcher conditions went
                    through before (`java.util.regex`), matching the same pattern against `linux-x64` in the
                    benchmark's JVM, stopped after 30 s.

                    | request | answer | time | gateway RSS before → after |
                    |---|---|---|---|
                    | lookup table of 300,000 modules on 999 Node versions (%.1f MiB) | %d | %.2f s | %.0f → %.0f MiB |
                    | lookup table with 81-character backtracking conditions, RE2/J | %d | %.2f s | |
                    | the same pattern, `java.util.regex` (before) | — | %s | |
                    """, modules.length() / 1048576.0, huge.status(), hugeSeconds, rssBefore, rssAfter,
                    conditions.status(), conditionSeconds,
                    backtracking < 0 ? "over 30 s (stopped)" : String.format(Locale.ROOT, "%.2f s", backtracking)));
        }
    }

    /** How long java.util.regex takes to find that {@code subject} does not match, or -1 past the cap. */
    private static double backtrackingSeconds(String subject) {
        long start = System.nanoTime();
        long deadline = start + REGEX_CAP_NANOS;
        CharSequence capped = new CharSequence() {
            @Override
            public int length() {
                return subject.length();
            }

            @Override
            public char charAt(int index) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("past the cap");
                }
                return subject.charAt(index);
            }

            @Override
            public CharSequence subSequence(int from, int to) {
                return subject.subSequence(from, to);
            }

            @Override
            public String toString() {
                return subject;
            }
        };
        try {
            Pattern.compile(CATASTROPHIC).matcher(capped).find();
            return (System.nanoTime() - start) / 1e9;
        } catch (IllegalStateException e) {
            return -1;
        }
    }
}
