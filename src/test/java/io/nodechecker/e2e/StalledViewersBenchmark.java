package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway's memory while 50 viewers that never read watch a job printing 16 MiB, beside one viewer
 * that reads; the same flood with the reading viewer alone, in the same run, is the plain alternative.
 * The gateway runs with the heap {@code ./nodechecker up} gives it; its RSS and used heap are sampled
 * every 250 ms from submit to the reader's close. The stalled viewers stay connected the whole time
 * (the stall timeout is the default 30 s): this is the most they can cost.
 */
class StalledViewersBenchmark {

    private static final int STALLED = 50;
    private static final String HEAP = "-Xmx512m";

    private record Run(int stalled, double rssBefore, double rssPeak, double heapPeakMiB, double rssAfter,
                       double seconds) {
        String row() {
            return String.format(Locale.ROOT, "| %d | %.0f MiB | %.0f MiB (+%.0f) | %.0f MiB | %.0f MiB | %.1f s |",
                    stalled, rssBefore, rssPeak, rssPeak - rssBefore, heapPeakMiB, rssAfter, seconds);
        }
    }

    @Test
    void measuresGatewayMemoryWithStalledViewersDuringAFlood() throws Exception {
        TestStack.requireDockerEngine();
        Run alone = run(0);
        Run stalled = run(STALLED);
        BenchReport.write("stalled-viewers", String.format(Locale.ROOT, """
                ### Gateway memory with %d stalled viewers during a 16 MiB flood

                The `flood` fixture at 16 MiB watched live by one viewer that reads, with and without %d viewers that
                upgrade and then never read (a 4 KiB receive window: the gateway's writes to them stop at
                once). Gateway at `%s`, as `./nodechecker up` starts it; RSS and used heap sampled every
                250 ms from submit until the reading viewer's close; "after" is 5 s later. Each stalled
                viewer may hold one message on its way (≤ 256 KiB of output) and 256 KiB of early chunks, so
                50 of them are bounded by ≈ 30 MiB whatever the job prints; they stay connected throughout
                (stall timeout 30 s). The reading viewer got every byte of the log in both runs.

                | stalled viewers | gateway RSS before | peak RSS | peak used heap | RSS after | flood, submit → reader closed |
                |---|---|---|---|---|---|
                %s
                %s
                """, STALLED, STALLED, HEAP, alone.row(), stalled.row()));
        assertThat(stalled.rssPeak() - stalled.rssBefore()).as("RSS growth with stalled viewers, MiB").isLessThan(400);
    }

    private static Run run(int stalledCount) throws Exception {
        try (TestStack stack = new TestStack(2)) {
            AppProcess gateway = stack.startGateway(HEAP);
            stack.startRunner("nodechecker.runner.limits.output-bytes=33554432");
            Api api = stack.api(gateway);
            api.awaitRunner();
            Thread.sleep(3000);
            double rssBefore = ProcessMemory.rssMiB(gateway.pid());
            AtomicLong rssPeak = new AtomicLong();
            AtomicLong heapPeak = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                try {
                    rssPeak.accumulateAndGet((long) ProcessMemory.rssMiB(gateway.pid()), Math::max);
                    heapPeak.accumulateAndGet((long) heapUsedBytes(api), Math::max);
                } catch (Exception e) {
                    // the gateway is busy: the next sample counts
                }
            }, 0, 250, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            String id = api.submitTarball(Fixtures.flood(16));
            List<StalledViewer> stalled = new ArrayList<>();
            for (int i = 0; i < stalledCount; i++) {
                stalled.add(StalledViewer.open(api.liveUri(id, 0)));
            }
            LiveRecorder reader = LiveRecorder.watch(api.liveUri(id, 0));
            JsonNode job = api.awaitFinal(id, Duration.ofMinutes(3));
            assertThat(job.path("outcome").asText()).as(job.toString()).isEqualTo("PASSED");
            assertThat(reader.awaitClose(180)).isEqualTo(WebSocket.NORMAL_CLOSURE);
            double seconds = (System.nanoTime() - started) / 1e9;
            sampler.shutdownNow();
            assertThat(reader.text()).isEqualTo(api.log(id));
            assertThat(api.metric("nodechecker_live_viewers")).isEqualTo(stalledCount);
            Thread.sleep(5000);
            double rssAfter = ProcessMemory.rssMiB(gateway.pid());
            for (StalledViewer viewer : stalled) {
                viewer.close();
            }
            return new Run(stalledCount, rssBefore, rssPeak.get(), heapPeak.get() / (1024.0 * 1024), rssAfter, seconds);
        }
    }

    private static double heapUsedBytes(Api api) throws Exception {
        double used = 0;
        for (String line : api.get("/q/metrics").body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }
}
