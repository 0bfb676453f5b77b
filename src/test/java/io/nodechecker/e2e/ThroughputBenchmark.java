package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many short jobs over three runners of capacity one: makespan, jobs per minute and the worst
 * imbalance, next to the same jobs as plain {@code docker run} calls spread round-robin over three
 * lanes by a shell loop. With {@code -Dnodechecker.baseline=DIR[,DIR…]} (built checkouts of earlier
 * designs) the same jobs run through each one's apps too, in the same run.
 */
class ThroughputBenchmark {

    private static final int JOBS = Integer.getInteger("bench.jobs", 200);
    private static final int LANES = 3;
    // One job as plain Docker does it: the tarball on stdin, then install and test.
    private static final String LOOP = """
            set -e
            tarball=$1; jobs=$2; lanes=$3; image=$4
            for lane in $(seq 0 $((lanes - 1))); do
              (
                for job in $(seq $lane $lanes $((jobs - 1))); do
                  docker run --rm -i --user 1000:1000 --tmpfs /home/node:rw,exec,uid=1000,gid=1000 -w /home/node \\
                    -e HOME=/home/node "$image" \\
                    sh -c 'cat > p.tgz && tar -xzf p.tgz && cd package && npm install --no-audit --no-fund && npm test' \\
                    < "$tarball" > /dev/null
                done
              ) &
            done
            wait
            """;

    @Test
    void measuresShortJobThroughputAgainstADockerRunLoop() throws Exception {
        TestStack.requireDockerEngine();
        byte[] tarball = Fixtures.tarball("passing");
        Map<String, Path> recordings = new LinkedHashMap<>();
        List<JfrProfile.Window> windows = new ArrayList<>();
        Run ours = run(null, tarball, recordings, windows);
        String profile = JfrProfile.section(recordings, windows, false);
        List<Map.Entry<String, Run>> earlier = new ArrayList<>();
        for (Path baseline : BenchReport.baselines()) {
            earlier.add(Map.entry(baseline.getFileName().toString(), run(baseline, tarball, null, null)));
        }

        Path file = Files.createTempFile("throughput-", ".tgz");
        Files.write(file, tarball);
        long start = System.nanoTime();
        double cpuBefore = MachineCpu.busySeconds();
        Process loop = new ProcessBuilder("bash", "-c", LOOP, "loop", file.toString(), Integer.toString(JOBS),
                Integer.toString(LANES), NodeImages.defaultImage()).redirectErrorStream(true).start();
        String said = new String(loop.getInputStream().readAllBytes());
        assertThat(loop.waitFor()).as(said).isZero();
        double plain = (System.nanoTime() - start) / 1e9;
        double plainCpu = MachineCpu.busySeconds() - cpuBefore;
        Files.delete(file);

        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, Run> design : earlier) {
            Run theirs = design.getValue();
            rows.append(String.format(Locale.ROOT, "| an earlier design (`%s`) | %.1f s | %.1f | %d | %.2f CPU-s | %.2f× |%n",
                    design.getKey(), theirs.makespan(), JOBS * 60 / theirs.makespan(), theirs.imbalance(),
                    theirs.cpu() / JOBS, plain / theirs.makespan()));
        }
        BenchReport.write("throughput", String.format(Locale.ROOT, """
                ### %d short jobs over three runners

                The `passing` fixture (upload, install, one test) %d times; Nodechecker with 3 runners of
                capacity 1 on this one engine, against `docker run --rm` of the same steps in 3 round-robin lanes.
                Every design's processes record themselves with JFR alike.

                | | makespan | jobs per minute | worst imbalance (jobs) | machine CPU per job (all processes) | against the loop (target ≥ 0.90×) |
                |---|---|---|---|---|---|
                | Nodechecker | %.1f s | %.1f | %d | %.2f CPU-s | **%.2f×** |
                %s| `docker run` loop | %.1f s | %.1f | 0 (round-robin) | %.2f CPU-s | |

                The ratio is jobs per minute against the loop's, measured after the stacks in the same run.

                %s""", JOBS, JOBS, ours.makespan(), JOBS * 60 / ours.makespan(), ours.imbalance(), ours.cpu() / JOBS,
                plain / ours.makespan(), rows, plain, JOBS * 60 / plain, plainCpu / JOBS, profile));
    }

    /** One design's makespan in seconds, its worst imbalance in jobs, and the machine's CPU-seconds over it. */
    private record Run(double makespan, int imbalance, double cpu) {
    }

    /** {@link #JOBS} jobs through a stack of this design, or of {@code checkout}'s. */
    private static Run run(Path checkout, byte[] tarball, Map<String, Path> recordings, List<JfrProfile.Window> windows)
            throws Exception {
        try (TestStack stack = new TestStack(1 + LANES).profiled()) {
            if (checkout != null) {
                stack.appsFrom(checkout);
            }
            // Hundreds of submissions in seconds: well past the default write rate of one token.
            AppProcess gateway = stack.startGateway("nodechecker.gateway.access.writes-per-minute=100000");
            Api api = stack.api(gateway);
            Map<String, Path> files = new LinkedHashMap<>();
            files.put("gateway", gateway.recording());
            List<AppProcess> runners = new ArrayList<>();
            for (int i = 0; i < LANES; i++) {
                runners.add(stack.startRunner("nodechecker.runner.capacity=1"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/runners").json().size() == LANES);
            long start = System.nanoTime();
            double cpuBefore = MachineCpu.busySeconds();
            Instant started = Instant.now();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                ids.add(api.submitTarball(tarball));
            }
            Map<String, Integer> perRunner = new HashMap<>();
            for (String id : ids) {
                JsonNode job = api.awaitFinal(id, Duration.ofMinutes(30));
                assertThat(job.path("state").asText()).isEqualTo("PASSED");
                perRunner.merge(job.path("runner").asText(), 1, Integer::sum);
            }
            double makespan = (System.nanoTime() - start) / 1e9;
            double cpu = MachineCpu.busySeconds() - cpuBefore;
            JfrProfile.Window window = JfrProfile.Window.since(started);
            int imbalance = perRunner.values().stream().max(Integer::compare).orElse(0)
                    - (perRunner.size() < LANES ? 0 : perRunner.values().stream().min(Integer::compare).orElse(0));
            stack.close();
            if (recordings != null) {
                for (int i = 0; i < LANES; i++) {
                    files.put("runner " + (i + 1), runners.get(i).recording());
                }
                recordings.putAll(files);
                windows.add(window);
            }
            return new Run(makespan, imbalance, cpu);
        }
    }
}
