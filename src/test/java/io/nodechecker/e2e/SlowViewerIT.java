package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Viewers that stop reading cost the gateway a bounded amount and nobody else anything. Fifty of them
 * watch a job that prints 16 MiB, beside one viewer that reads. Unbounded, the gateway would hold up to
 * 50 × 16 MiB for them; paced, each holds at most one message on its way and 256 KiB of early chunks, so
 * the gateway runs here in a 192 MiB heap (which also caps its direct buffers) and may grow by less
 * than 300 MiB of RSS over the flood. After {@code live.stall-timeout} (3 s here) they are closed.
 */
class SlowViewerIT {

    private static final int STALLED = 50;

    @Test
    void stalledViewersAreClosedWithWhereToResumeWhileOthersGetEveryByte() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2)) {
            AppProcess gateway = stack.startGateway("-Xmx192m", "nodechecker.gateway.live.stall-timeout=3s");
            // 16 MiB of output plus npm's banner passes the runner's default cap of 16 MiB
            stack.startRunner("nodechecker.runner.limits.output-bytes=33554432");
            Api api = stack.api(gateway);
            api.awaitRunner();
            double rssBefore = ProcessMemory.rssMiB(gateway.pid());

            String id = api.submitTarball(Fixtures.flood(16));
            List<StalledViewer> stalled = new ArrayList<>();
            for (int i = 0; i < STALLED; i++) {
                stalled.add(StalledViewer.open(api.liveUri(id, 0)));
            }
            LiveRecorder reader = LiveRecorder.watch(api.liveUri(id, 0));

            JsonNode job = api.awaitFinal(id, Duration.ofMinutes(3));
            assertThat(job.path("outcome").asText()).as(job.toString()).isEqualTo("PASSED");
            assertThat(reader.awaitClose(120)).isEqualTo(WebSocket.NORMAL_CLOSURE);
            double rssAfter = ProcessMemory.rssMiB(gateway.pid());
            String log = api.log(id);
            assertThat(log.length()).isGreaterThan(16 * 1024 * 1024);
            assertThat(reader.text()).isEqualTo(log);
            System.out.printf("gateway RSS %.0f MiB before, %.0f MiB after%n", rssBefore, rssAfter);
            assertThat(rssAfter - rssBefore).as("gateway RSS growth in MiB").isLessThan(300);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.metric("nodechecker_live_viewers_closed_slow_total")).isEqualTo(STALLED));
            assertThat(api.metric("nodechecker_live_viewers")).isZero();

            // Every stalled viewer was let go; one that reads now gets what was on its way, and from
            // where that ends, the rest of the log exactly once.
            StalledViewer.Received first = stalled.get(0).readAll();
            if (first.closeCode() != null) {
                assertThat(first.closeCode()).as("%d outputs, %d chars, reason '%s'", first.outputs().size(),
                        first.text().length(), first.closeReason()).isEqualTo(1013);
                assertThat(first.closeReason()).isEqualTo("viewer too slow: reconnect with from=" + first.nextSeq(0));
            }
            assertThat(first.text().length()).isLessThan(log.length());
            LiveRecorder resumed = LiveRecorder.watch(api.liveUri(id, first.nextSeq(0)));
            assertThat(resumed.awaitClose(60)).isEqualTo(WebSocket.NORMAL_CLOSURE);
            assertThat(first.text() + resumed.text()).isEqualTo(log);
            for (StalledViewer viewer : stalled.subList(1, STALLED)) {
                StalledViewer.Received received = viewer.readAll();
                assertThat(received.text().length()).isLessThan(log.length());
                viewer.close();
            }
        }
    }
}
