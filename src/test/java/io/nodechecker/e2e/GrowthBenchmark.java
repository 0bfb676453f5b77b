package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Memory, disk and a new runner's time to ready as history grows: N jobs that each store 15 MiB of output,
 * for N = 10, 40, 100. With {@code -Dnodechecker.baseline=DIR} (a built checkout of an earlier design) the
 * same steps up to 40 run against that design too, in the same run.
 */
class GrowthBenchmark {

    private static final int[] STEPS = {10, 40, 100};
    // The replaced design is measured to 40 jobs: past that each of its members holds over a GiB, and the
    // point — growth with history on every member — is made.
    private static final int BASELINE_LAST_STEP = 40;
    private static final long OUTPUT_PER_JOB = 15L * 1024 * 1024;

    @Test
    void measuresMembersAsHistoryGrows() throws Exception {
        TestStack.requireDockerEngine();
        StringBuilder rows = new StringBuilder();
        rows.append(measure("this design", null));
        String baseline = System.getProperty("nodechecker.baseline");
        if (baseline != null && !baseline.isBlank()) {
            rows.append(measure("replaced design (" + Path.of(baseline).getFileName() + ")", Path.of(baseline)));
        }
        BenchReport.write("growth", String.format(Locale.ROOT, """
                ### Growth with history: N jobs × 15 MiB of output

                One gateway (with a data directory) and one runner; each job is the `flood` fixture capped at
                15 MiB of stored output. After each step: RSS of the gateway and of the runner, bytes in each
                member's data directory, and a newly started runner's launch → ready and its RSS 5 s later.
                Targets: runner RSS ≤ 300 MiB at every N and its time to ready the same with history as on an
                empty cluster; disk ≈ owners × data, not members × data.

                | design | N | gateway RSS | runner RSS | gateway disk | runner disk | new runner ready | new runner RSS |
                |---|---|---|---|---|---|---|---|
                %s""", rows));
    }

    private static String measure(String design, Path checkout) throws Exception {
        StringBuilder rows = new StringBuilder();
        try (TestStack stack = new TestStack(2 + STEPS.length + 1)) {
            if (checkout != null) {
                stack.appsFrom(checkout);
            }
            AppProcess gateway = stack.startGateway();
            Api api = stack.api(gateway);
            List<String> runnerProps = new ArrayList<>(List.of("nodechecker.runner.limits.output-bytes=" + OUTPUT_PER_JOB));
            if (checkout != null) {
                // The replaced design persisted every cache on runners too.
                runnerProps.add("nodechecker.runner.cluster.data-dir=" + stack.workDir().resolve("data").resolve("runner-1"));
            }
            AppProcess runner = stack.startRunner(runnerProps.toArray(String[]::new));
            api.awaitRunner();
            rows.append(step(design, 0, stack, gateway, runner));
            int done = 0;
            byte[] flood = Fixtures.tarball("flood");
            for (int target : STEPS) {
                if (checkout != null && target > BASELINE_LAST_STEP) {
                    break;
                }
                for (; done < target; done++) {
                    api.awaitFinal(api.submitTarball(flood), Duration.ofMinutes(3));
                }
                rows.append(step(design, target, stack, gateway, runner));
            }
        }
        return rows.toString();
    }

    private static String step(String design, int jobs, TestStack stack, AppProcess gateway, AppProcess runner)
            throws Exception {
        long start = System.nanoTime();
        AppProcess late = stack.startRunner();
        double ready = (System.nanoTime() - start) / 1e9;
        Thread.sleep(5000);
        double lateRss = ProcessMemory.rssMiB(late.pid());
        late.close();
        return String.format(Locale.ROOT, "| %s | %d | %.0f MiB | %.0f MiB | %.0f MiB | %.0f MiB | %.1f s | %.0f MiB |%n",
                design, jobs, ProcessMemory.rssMiB(gateway.pid()), ProcessMemory.rssMiB(runner.pid()),
                diskMiB(stack.workDir().resolve("data").resolve("gateway-0")),
                diskMiB(stack.workDir().resolve("data").resolve("runner-1")), ready, lateRss);
    }

    private static double diskMiB(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum() / 1048576.0;
        }
    }
}
