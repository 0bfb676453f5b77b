package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** 10,000 idle WebSocket viewers (of a job that waits for a runner) on one gateway: its RSS. */
class IdleViewersBenchmark {

    private static final int VIEWERS = Integer.getInteger("bench.idle-viewers", 10_000);

    @Test
    void measuresGatewayMemoryWithTenThousandIdleViewers() throws Exception {
        try (TestStack stack = new TestStack(1)) {
            AppProcess gateway = stack.startGateway(TestStack.MANY_VIEWERS);
            Api api = stack.api(gateway);
            String id = api.submitTarball(Fixtures.tarball("passing"));
            Thread.sleep(5000);
            double before = ProcessMemory.rssMiB(gateway.pid());
            HttpClient http = HttpClient.newHttpClient();
            List<WebSocket> sockets = new ArrayList<>();
            for (int start = 0; start < VIEWERS; start += 500) {
                List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
                for (int v = start; v < Math.min(VIEWERS, start + 500); v++) {
                    batch.add(http.newWebSocketBuilder().buildAsync(api.liveUri(id, 0), new WebSocket.Listener() { }));
                }
                for (CompletableFuture<WebSocket> socket : batch) {
                    sockets.add(socket.get(60, TimeUnit.SECONDS));
                }
            }
            Thread.sleep(5000);
            double after = ProcessMemory.rssMiB(gateway.pid());
            assertThat(sockets).hasSize(VIEWERS);
            BenchReport.write("idle-viewers", String.format(Locale.ROOT, """
                    ### %d idle WebSocket viewers on one gateway

                    | gateway RSS before | with %d viewers | per viewer | target |
                    |---|---|---|---|
                    | %.0f MiB | %.0f MiB | %.1f KiB | ≤ 1 GB |
                    """, VIEWERS, VIEWERS, before, after, (after - before) * 1024 / VIEWERS));
            for (WebSocket socket : sockets) {
                socket.abort();
            }
        }
    }
}
