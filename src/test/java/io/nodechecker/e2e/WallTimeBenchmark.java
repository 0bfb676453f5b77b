package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real package job through Nodechecker (submit → result on a WebSocket) against the same steps
 * as one plain {@code docker run} of the same image, alternating, in the same run.
 */
class WallTimeBenchmark {

    private static final String SPEC = "xtend@4.0.2";
    private static final int ROUNDS = 3;

    @Test
    void measuresJobWallTimeAgainstPlainDockerRun() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2).profiled()) {
            AppProcess gateway = stack.startGateway();
            Api api = stack.api(gateway);
            AppProcess runner = stack.startRunner();
            api.awaitRunner();
            nodechecker(api); // warm-up: JIT, npm cache of the registry side, image layers
            plainDockerRun();
            double[] ours = new double[ROUNDS];
            double[] plain = new double[ROUNDS];
            String breakdown = "";
            List<JfrProfile.Window> windows = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                long submitted = System.currentTimeMillis();
                Instant submittedAt = Instant.now();
                ours[i] = nodechecker(api);
                windows.add(JfrProfile.Window.since(submittedAt));
                breakdown = breakdown(api.job(lastJob), submitted, ours[i]);
                plain[i] = plainDockerRun();
            }
            double ratio = BenchReport.median(ours) / BenchReport.median(plain);
            stack.close();
            Map<String, Path> recordings = new LinkedHashMap<>();
            recordings.put("gateway", gateway.recording());
            recordings.put("runner", runner.recording());
            String profile = JfrProfile.section(recordings, windows, false);
            BenchReport.write("wall-time", String.format(Locale.ROOT, """
                    ### End-to-end wall time of one real package job

                    `%s`, %d alternating rounds after one warm-up each.

                    | | median | all runs (s) |
                    |---|---|---|
                    | Nodechecker (submit → `result` on the WebSocket) | %.2f s | %s |
                    | plain `docker run` of the same steps | %.2f s | %s |
                    | **ratio** (target ≤ 1.10×) | **%.2f×** | |

                    Where the time of the last Nodechecker run went, from the job's own timestamps:

                    | stage | ms |
                    |---|---|
                    %s

                    %s""", SPEC, ROUNDS, BenchReport.median(ours), list(ours), BenchReport.median(plain), list(plain), ratio,
                    breakdown, profile));
            assertThat(BenchReport.median(ours)).isPositive();
        }
    }

    private static String lastJob;

    private static double nodechecker(Api api) throws Exception {
        long start = System.nanoTime();
        String id = api.submit("{\"package\":\"xtend\",\"version\":\"4.0.2\"}");
        lastJob = id;
        LiveRecorder viewer = LiveRecorder.watch(api.liveUri(id, 0));
        viewer.awaitClose(300);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(viewer.last().path("outcome").asText()).isEqualTo("PASSED");
        return seconds;
    }

    private static double plainDockerRun() throws Exception {
        List<String> command = List.of("docker", "run", "--rm", "--user", "1000:1000",
                "--tmpfs", "/home/node:rw,exec,uid=1000,gid=1000", "-w", "/home/node", "-e", "HOME=/home/node",
                "-v", "/etc/ssl/certs/ca-certificates.crt:/etc/nodechecker/ca.pem:ro",
                "-e", "NODE_EXTRA_CA_CERTS=/etc/nodechecker/ca.pem",
                NodeImages.defaultImage(), "sh", "-c",
                "npm pack " + SPEC + " && tar -xzf ./*.tgz && cd package && npm install --no-audit --no-fund && npm test");
        long start = System.nanoTime();
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes());
        int exit = run.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(exit).as(out).isZero();
        return seconds;
    }

    /** Milliseconds between the job's recorded moments: lookup, dispatch, container, phases, result. */
    private static String breakdown(com.fasterxml.jackson.databind.JsonNode job, long submittedMillis, double totalSeconds) {
        long created = instant(job, "createdAt");
        long dispatched = instant(job, "dispatchedAt");
        long started = instant(job, "startedAt");
        long finished = instant(job, "finishedAt");
        com.fasterxml.jackson.databind.JsonNode phases = job.path("phases");
        StringBuilder rows = new StringBuilder();
        row(rows, "submit → stored (name checks, registry lookup of the version)", created - submittedMillis);
        row(rows, "stored → dispatched to a runner", dispatched - created);
        row(rows, "dispatched → claimed by the runner", started - dispatched);
        long previousEnd = started;
        String previous = "claimed";
        for (com.fasterxml.jackson.databind.JsonNode phase : phases) {
            long phaseStart = java.time.Instant.parse(phase.path("startedAt").asText()).toEpochMilli();
            row(rows, previous + " → " + phase.path("name").asText() + " starts"
                    + (previous.equals("claimed") ? " (container created and started)" : ""), phaseStart - previousEnd);
            row(rows, phase.path("name").asText(), phase.path("durationMs").asLong());
            previousEnd = phaseStart + phase.path("durationMs").asLong();
            previous = phase.path("name").asText() + " ends";
        }
        row(rows, previous + " → result stored", finished - previousEnd);
        row(rows, "result stored → viewer closed (relay, client)", submittedMillis + (long) (totalSeconds * 1000) - finished);
        return rows.toString().stripTrailing();
    }

    private static void row(StringBuilder rows, String stage, long millis) {
        rows.append("| ").append(stage).append(" | ").append(millis).append(" |\n");
    }

    private static long instant(com.fasterxml.jackson.databind.JsonNode job, String field) {
        return java.time.Instant.parse(job.path(field).asText()).toEpochMilli();
    }

    /** Waits until the gateway sees a runner; fails the caller when none comes within 30 s. */
    private static String list(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            text.append(text.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return text.toString();
    }
}
