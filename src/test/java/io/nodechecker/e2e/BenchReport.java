package io.nodechecker.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where a benchmark leaves its figures: printed, and as a Markdown section under
 * {@code e2e/target/bench/} that {@code bench/run} gathers into docs/BENCHMARKS.md.
 */
final class BenchReport {

    private BenchReport() {
    }

    /** The built checkouts of earlier designs to measure beside this one: {@code -Dnodechecker.baseline=DIR[,DIR…]}. */
    static List<Path> baselines() {
        return Arrays.stream(System.getProperty("nodechecker.baseline", "").split(","))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir.trim())).toList();
    }

    /**
     * Prints a benchmark's section and keeps it in {@code bench/sections}, which is committed: running one
     * benchmark replaces its own section and leaves the others' last figures as they were.
     */
    static void write(String name, String markdown) throws IOException {
        System.out.println(markdown);
        Path dir = TestStack.ROOT.resolve("bench").resolve("sections");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".md"), markdown);
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }
}
