package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes on the wire per MiB of job output with 3 gateways, 3 runners and one viewer, all on loopback:
 * the loopback interface's counters from submit to result, so cluster traffic of every member, the
 * runner's HTTP hand-over and the viewer's WebSocket are all in it (the Docker engine's socket is not).
 * With {@code -Dnodechecker.baseline=DIR} the replaced design runs the same steps in the same run.
 */
class ClusterTrafficBenchmark {

    private static final long OUTPUT = 32L * 1024 * 1024;

    @Test
    void measuresLoopbackBytesPerMiBOfOutput() throws Exception {
        TestStack.requireDockerEngine();
        StringBuilder rows = new StringBuilder(measure("this design", null));
        String baseline = System.getProperty("nodechecker.baseline");
        if (baseline != null && !baseline.isBlank()) {
            rows.append(measure("replaced design (" + Path.of(baseline).getFileName() + ")", Path.of(baseline)));
        }
        BenchReport.write("cluster-traffic", String.format(Locale.ROOT, """
                ### Network bytes per MiB of job output: 3 gateways, 3 runners, one viewer

                The `flood` fixture capped at 32 MiB of output, watched live by one WebSocket viewer on the first
                gateway; bytes counted on the loopback interface from submit to the viewer's result (every
                member's cluster traffic, the hand-over to the runner, the viewer's frames). Target ≤ 3 MiB per
                MiB: the owners plus the viewer's gateway.

                | design | output | loopback bytes | per MiB of output |
                |---|---|---|---|
                %s""", rows));
    }

    private static String measure(String design, Path checkout) throws Exception {
        try (TestStack stack = new TestStack(6)) {
            if (checkout != null) {
                stack.appsFrom(checkout);
            }
            AppProcess first = stack.startGateway();
            stack.startGateway();
            stack.startGateway();
            Api api = stack.api(first);
            for (int i = 0; i < 3; i++) {
                stack.startRunner("nodechecker.runner.limits.output-bytes=" + OUTPUT,
                        "nodechecker.runner.limits.memory-mb=2048");
            }
            api.awaitRunner();
            Thread.sleep(5000); // let joins and rebalancing settle before counting
            long before = loopbackBytes();
            String id = api.submitTarball(Fixtures.tarball("flood"));
            LiveRecorder viewer = LiveRecorder.watch(api.liveUri(id, 0));
            viewer.awaitClose(300);
            long bytes = loopbackBytes() - before;
            long output = viewer.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertThat(output).isGreaterThan(OUTPUT / 2);
            return String.format(Locale.ROOT, "| %s | %.1f MiB | %.1f MiB | %.2f MiB |%n", design,
                    output / 1048576.0, bytes / 1048576.0, (double) bytes / output);
        }
    }

    /** Bytes the loopback interface carried (each byte once: on loopback what is sent is received). */
    private static long loopbackBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/net/dev"))) {
            String trimmed = line.trim();
            if (trimmed.startsWith("lo:")) {
                return Long.parseLong(trimmed.substring(3).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no loopback interface in /proc/net/dev");
    }
}
