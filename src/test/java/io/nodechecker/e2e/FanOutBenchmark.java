package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Viewers of one job on one gateway: how long each line takes to reach each of them (p50/p95/p99),
 * and that every viewer gets every line. The viewers connect while the job waits for a runner. The
 * load client is Vert.x, two event loops in the benchmark's JVM (its CPU share is reported beside each
 * figure); the JDK's WebSocket client, heavier, is measured at 1,000 too, and with
 * {@code -Dnodechecker.baseline=DIR} the replaced design at 1,000 (in alternating rounds) and 5,000.
 */
class FanOutBenchmark {

    private static final int LINES = 1000;
    private static final int EVENT_LOOPS = 2;
    private static final int ROUNDS = 3;
    private static final Pattern STAMP = Pattern.compile("T (\\d+\\.\\d+)");

    private enum Client { VERTX, JDK }

    @Test
    void measuresFanOutDelayToManyViewers() throws Exception {
        TestStack.requireDockerEngine();
        String baseline = System.getProperty("nodechecker.baseline");
        Path replaced = baseline == null || baseline.isBlank() ? null : Path.of(baseline);
        List<Run> runs = new ArrayList<>();
        runs.add(run(100, Client.VERTX, false, null));
        // The figure with a target: rounds of this design alternating with the replaced one, so that the
        // machine's ups and downs fall on both.
        for (int round = 0; round < ROUNDS; round++) {
            runs.add(run(1000, Client.VERTX, false, null));
            if (replaced != null) {
                runs.add(run(1000, Client.VERTX, false, replaced));
            }
        }
        runs.add(run(5000, Client.VERTX, false, null));
        if (replaced != null) {
            runs.add(run(5000, Client.VERTX, false, replaced));
        }
        runs.add(run(1000, Client.JDK, false, null));
        // Profiled apart: recording costs the machine what the figures above should not pay.
        Run profiled = run(1000, Client.VERTX, true, null);
        StringBuilder rows = new StringBuilder();
        runs.forEach(run -> rows.append(run.row()).append('\n'));
        BenchReport.write("fan-out", String.format(Locale.ROOT, """
                ### Viewers of one job on one gateway

                The `ticker` fixture's %d time-stamped lines, 5 ms apart, to WebSocket viewers in one client
                process on the same machine; delay = receive time − the container's stamp. "Client CPU" is the
                benchmark JVM's share of the machine while the job ran (the gateway and runner share the rest).
                1,000 viewers: %d rounds, alternating with the replaced design when it is measured.

                | design, client | viewers | p50 | p95 | p99 | viewers that got every line | client CPU | target |
                |---|---|---|---|---|---|---|---|
                %s
                The profiled run (1,000 viewers, Vert.x client, recorded apart): p95 %.1f ms.

                %s""", LINES, ROUNDS, rows, BenchReport.percentile(profiled.delays(), 95), profiled.profile()));
        for (Run run : runs) {
            assertThat(run.complete()).as(run.row()).isEqualTo(run.viewers());
        }
    }

    private record Run(String design, int viewers, double[] delays, long complete, double clientCpu, String profile) {

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %.1f ms | %.1f ms | %.1f ms | %d of %d | %.0f%% | p95 ≤ 250 ms, nothing lost |",
                    design, viewers, BenchReport.percentile(delays, 50), BenchReport.percentile(delays, 95),
                    BenchReport.percentile(delays, 99), complete, viewers, clientCpu);
        }
    }

    private static Run run(int count, Client client, boolean profiled, Path checkout) throws Exception {
        try (TestStack stack = profiled ? new TestStack(2).profiled() : new TestStack(2)) {
            if (checkout != null) {
                stack.appsFrom(checkout);
            }
            AppProcess gateway = stack.startGateway(TestStack.MANY_VIEWERS);
            Api api = stack.api(gateway);
            String id = api.submitTarball(Fixtures.tarball("ticker"));
            List<Viewer> viewers = new ArrayList<>();
            Vertx vertx = client == Client.VERTX ? Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS)) : null;
            try {
                URI live = api.liveUri(id, 0);
                for (int v = 0; v < count; v++) {
                    viewers.add(new Viewer());
                }
                // What earlier runs left in the client's heap is not this run's to collect.
                System.gc();
                if (client == Client.VERTX) {
                    connectVertx(vertx, live, viewers);
                } else {
                    connectJdk(live, viewers);
                }
                Recording recording = profiled ? JfrProfile.startHere() : null;
                long cpuBefore = processCpuNanos();
                long wallBefore = System.nanoTime();
                AppProcess runner = stack.startRunner(); // the job starts only now, with every viewer watching
                Instant jobStarts = Instant.now();
                for (Viewer viewer : viewers) {
                    viewer.closed.get(5, TimeUnit.MINUTES);
                }
                double clientCpu = 100.0 * (processCpuNanos() - cpuBefore)
                        / ((double) (System.nanoTime() - wallBefore) * Runtime.getRuntime().availableProcessors());
                JfrProfile.Window window = JfrProfile.Window.since(jobStarts);
                stack.close();
                String profile = "";
                if (profiled) {
                    Map<String, Path> recordings = new LinkedHashMap<>();
                    recordings.put("gateway", gateway.recording());
                    recordings.put("runner", runner.recording());
                    recordings.put(count + " viewers (the benchmark's JVM, Vert.x client)", JfrProfile.stopHere(recording));
                    profile = "Profile of the 1,000-viewer Vert.x run, from Java Flight Recorder:\n\n"
                            + JfrProfile.section(recordings, List.of(window), false);
                }
                long complete = viewers.stream().filter(viewer -> viewer.lines == LINES).count();
                String design = (checkout == null ? "this design" : "replaced design (" + checkout.getFileName() + ")")
                        + ", " + (client == Client.VERTX ? "Vert.x client" : "JDK client");
                double[] delays = viewers.stream()
                        .flatMapToDouble(viewer -> Arrays.stream(viewer.delays, 0, Math.min(viewer.lines, LINES))).toArray();
                return new Run(design, count, delays, complete, clientCpu, profile);
            } finally {
                if (vertx != null) {
                    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** All viewers on the client's event loops; messages are scanned for stamps, not parsed. */
    /**
     * One viewer's delays, in an array of its own: the messages of one socket come on one thread, and a
     * million boxed delays in a shared queue would cost the client more than the gateway's sending does.
     */
    private static final class Viewer {
        final double[] delays = new double[LINES];
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile int lines;

        void line(double delay) {
            int seen = lines;
            if (seen < LINES) {
                delays[seen] = delay;
            }
            lines = seen + 1;
        }
    }

    private static void connectVertx(Vertx vertx, URI live, List<Viewer> viewers) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(viewers.size() + 10).setMaxMessageSize(4 * 1024 * 1024).setMaxFrameSize(1024 * 1024));
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        // Connections take the context they are opened from; a thread outside Vert.x always gets the same
        // one, which would put every viewer on one event loop. One context per loop, taken in turn.
        List<ContextInternal> loops = new ArrayList<>();
        for (int loop = 0; loop < EVENT_LOOPS; loop++) {
            loops.add(((VertxInternal) vertx).createEventLoopContext());
        }
        for (int v = 0; v < viewers.size(); v++) {
            Viewer viewer = viewers.get(v);
            CompletableFuture<Void> open = new CompletableFuture<>();
            opened.add(open);
            loops.get(v % EVENT_LOOPS).runOnContext(ignored -> client.connect(new WebSocketConnectOptions()
                            .setHost(live.getHost()).setPort(live.getPort()).setURI(live.getRawPath() + "?" + live.getRawQuery()))
                    .onSuccess(socket -> {
                        socket.textMessageHandler(text -> {
                            double received = nowMillis();
                            for (int at = text.indexOf("T "); at >= 0; at = text.indexOf("T ", at + 2)) {
                                if (at + 2 < text.length() && Character.isDigit(text.charAt(at + 2))) {
                                    viewer.line(received - stampAt(text, at + 2));
                                }
                            }
                        });
                        socket.closeHandler(closedNow -> viewer.closed.complete(null));
                        open.complete(null);
                    })
                    .onFailure(open::completeExceptionally));
            if (v % 500 == 499) {
                CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    private static void connectJdk(URI live, List<Viewer> viewers) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (Viewer viewer : viewers) {
            JsonMessageListener listener = new JsonMessageListener() {
                @Override
                void onMessage(WebSocket socket, JsonNode message, double receivedMillis) {
                    if ("stdout".equals(message.path("stream").asText())) {
                        Matcher stamp = STAMP.matcher(message.path("data").asText());
                        while (stamp.find()) {
                            viewer.line(receivedMillis - Double.parseDouble(stamp.group(1)));
                        }
                    }
                }
            };
            listener.closed.whenComplete((code, failure) -> viewer.closed.complete(null));
            opening.add(http.newWebSocketBuilder().buildAsync(live, listener));
        }
        for (CompletableFuture<WebSocket> socket : opening) {
            socket.get(60, TimeUnit.SECONDS);
        }
    }

    /** The container's stamp that starts at {@code at}: milliseconds with a fraction, read without a regex. */
    private static double stampAt(String text, int at) {
        long whole = 0;
        int i = at;
        for (; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            whole = whole * 10 + (text.charAt(i) - '0');
        }
        double fraction = 0;
        double scale = 0.1;
        if (i < text.length() && text.charAt(i) == '.') {
            for (i++; i < text.length() && Character.isDigit(text.charAt(i)); i++, scale /= 10) {
                fraction += (text.charAt(i) - '0') * scale;
            }
        }
        return whole + fraction;
    }

    private static double nowMillis() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1000.0 + now.getNano() / 1_000_000.0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
