package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Start to healthy (process launch → /q/health/ready answers 200) and idle RSS, JVM mode. */
class StartupBenchmark {

    private static final int ROUNDS = 3;

    @Test
    void measuresStartToHealthyAndIdleMemory() throws Exception {
        TestStack.requireDockerEngine();
        double[] gatewayStart = new double[ROUNDS];
        double[] runnerStart = new double[ROUNDS];
        double[] gatewayRss = new double[ROUNDS];
        double[] runnerRss = new double[ROUNDS];
        double[] aloneStart = new double[ROUNDS];
        double[] aloneBaseline = new double[ROUNDS];
        // With -Dnodechecker.baseline=DIR, the replaced design's gateway alternates with this one.
        String baseline = System.getProperty("nodechecker.baseline");
        ClassDataArchives archives = ClassDataArchives.write();
        double[] gatewayCds = new double[ROUNDS];
        double[] runnerCds = new double[ROUNDS];
        double[] aloneCds = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            try (TestStack stack = new TestStack(1)) {
                long start = System.nanoTime();
                stack.startGateway(archives.gatewayOption());
                aloneCds[i] = (System.nanoTime() - start) / 1e9;
            }
            try (TestStack stack = new TestStack(2)) {
                long start = System.nanoTime();
                stack.startGateway(archives.gatewayOption());
                gatewayCds[i] = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                stack.startRunner(archives.runnerOption());
                runnerCds[i] = (System.nanoTime() - start) / 1e9;
            }
            try (TestStack stack = new TestStack(1)) {
                long start = System.nanoTime();
                stack.startGateway(); // its initial hosts name only itself: it waits for no answer
                aloneStart[i] = (System.nanoTime() - start) / 1e9;
            }
            if (baseline != null) {
                try (TestStack stack = new TestStack(1).appsFrom(Path.of(baseline))) {
                    long start = System.nanoTime();
                    stack.startGateway();
                    aloneBaseline[i] = (System.nanoTime() - start) / 1e9;
                }
            }
            try (TestStack stack = new TestStack(2)) {
                long start = System.nanoTime();
                AppProcess gateway = stack.startGateway();
                gatewayStart[i] = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                AppProcess runner = stack.startRunner();
                runnerStart[i] = (System.nanoTime() - start) / 1e9;
                Thread.sleep(Duration.ofSeconds(10).toMillis()); // idle
                gatewayRss[i] = ProcessMemory.rssMiB(gateway.pid());
                runnerRss[i] = ProcessMemory.rssMiB(runner.pid());
            }
        }
        // One more round, recorded: JFR's own start-up adds to the time, so it is not one of the measured ones.
        String profile;
        try (TestStack stack = new TestStack(2).profiled()) {
            Instant launched = Instant.now();
            AppProcess gateway = stack.startGateway();
            JfrProfile.Window gatewayLaunch = JfrProfile.Window.since(launched);
            launched = Instant.now();
            AppProcess runner = stack.startRunner();
            JfrProfile.Window runnerLaunch = JfrProfile.Window.since(launched);
            stack.close();
            profile = JfrProfile.HEADING
                    + JfrProfile.summarize("gateway (first member), launch → ready", gateway.recording(),
                            List.of(gatewayLaunch), true) + "\n"
                    + JfrProfile.summarize("runner (joining), launch → ready", runner.recording(),
                            List.of(runnerLaunch), true);
        }
        BenchReport.write("startup", String.format(Locale.ROOT, """
                ### Start to healthy and idle memory (JVM)

                Launch of `java -jar quarkus-run.jar` until `/q/health/ready` answers 200, %d rounds; RSS after
                10 s idle. The gateway starts first and forms the cluster (JGroups waits its 2 s join timeout for
                an answer before it decides it is the first member); the runner joins it. A gateway whose initial
                hosts name only itself (a cluster of one by configuration) skips that wait.

                | | median start → healthy | median idle RSS | target |
                |---|---|---|---|
                | gateway (first member) | %.2f s | %.0f MiB | ≤ 2 s, ≤ 250 MB |
                | gateway (first member), class-data sharing | %.2f s | | ≤ 2 s |
                | gateway (cluster of one) | %.2f s | | ≤ 2 s |
                | gateway (cluster of one), class-data sharing | %.2f s | | ≤ 2 s |
                | gateway (cluster of one), replaced design, same run | %s | | |
                | runner (joining) | %.2f s | %.0f MiB | ≤ 2 s, ≤ 250 MB |
                | runner (joining), class-data sharing | %.2f s | | ≤ 2 s |
                | peers: Quarkus JVM REST apps | 0.9–2.4 s | | |

                "Class-data sharing": started with `-XX:SharedArchiveFile` of an archive that one earlier start
                of the same build wrote on exit (`-XX:ArchiveClassesAtExit`), the classes a start loads mapped
                from it instead of read from the jars and verified.

                %s""", ROUNDS, BenchReport.median(gatewayStart), BenchReport.median(gatewayRss),
                BenchReport.median(gatewayCds), BenchReport.median(aloneStart), BenchReport.median(aloneCds),
                baseline == null ? "not measured" : String.format(Locale.ROOT, "%.2f s", BenchReport.median(aloneBaseline)),
                BenchReport.median(runnerStart), BenchReport.median(runnerRss), BenchReport.median(runnerCds), profile));
    }
}
