package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Viewers of one job on one gateway: how long each line takes to reach each of them (p50/p95/p99),
 * that every viewer gets every line, and the gateway's CPU per line per viewer. The viewers connect
 * while the job waits for a runner. The measured client is independent of the gateway's stack: Node's
 * {@code ws} in a process of its own ({@code bench/live-client}), one socket per viewer, spread over
 * loopback addresses, offering compression as browsers do. Vert.x in the benchmark's JVM is measured
 * beside it. With {@code -Dnodechecker.baseline=DIR} the replaced design runs in alternating rounds.
 */
class FanOutBenchmark {

    private static final int LINES = 1000;
    private static final int EVENT_LOOPS = 2;
    private static final int ROUNDS = 3;
    // Viewers come from 127.0.0.1 to 127.0.0.50 in turn, as a real audience comes from many addresses: at most
    // 100 each at 5,000, the gateway's default per-address cap (the stack raises it for the Vert.x client).
    private static final int ADDRESSES = 50;
    private static final Path CLIENT = Path.of("..", "bench", "live-client").toAbsolutePath().normalize();

    private enum Client { NODE, VERTX }

    @Test
    void measuresFanOutDelayToManyViewers() throws Exception {
        TestStack.requireDockerEngine();
        installClient();
        String baseline = System.getProperty("nodechecker.baseline");
        Path replaced = baseline == null || baseline.isBlank() ? null : Path.of(baseline);
        List<Run> runs = new ArrayList<>();
        runs.add(run(100, Client.NODE, false, null));
        // The figures with a target: rounds of this design alternating with the replaced one, so that the
        // machine's ups and downs fall on both.
        for (int viewers : new int[] {1000, 5000}) {
            for (int round = 0; round < (viewers == 1000 ? ROUNDS : 2); round++) {
                runs.add(run(viewers, Client.NODE, false, null));
                if (replaced != null) {
                    runs.add(run(viewers, Client.NODE, false, replaced));
                }
            }
        }
        runs.add(run(1000, Client.VERTX, false, null));
        // Profiled apart: recording costs the machine what the figures above should not pay.
        Run profiled = run(1000, Client.NODE, true, null);
        StringBuilder rows = new StringBuilder();
        runs.forEach(run -> rows.append(run.row()).append('\n'));
        BenchReport.write("fan-out", String.format(Locale.ROOT, """
                ### Viewers of one job on one gateway

                The `ticker` fixture's %d time-stamped lines, 5 ms apart, to WebSocket viewers on the same machine;
                delay = receive time − the container's stamp. The Node client is `ws` 8 in a process of its own
                (`bench/live-client`), one socket per viewer from 127.0.0.1–127.0.0.%d, offering
                permessage-deflate as browsers do; the Vert.x client runs in the benchmark's JVM and offers no
                compression. "Client CPU" is the client's share of the machine while the job ran; "gateway CPU" is
                the gateway process's CPU time over lines × viewers. 1,000 and 5,000 viewers: rounds alternating
                with the replaced design when it is measured.

                | design, client | viewers | p50 | p95 | p99 | viewers that got every line | client CPU | gateway CPU per line per viewer | target |
                |---|---|---|---|---|---|---|---|---|
                %s
                The profiled run (1,000 viewers, Node client, recorded apart): p95 %.1f ms.

                %s""", LINES, ADDRESSES, rows, profiled.p95(), profiled.profile()));
        for (Run run : runs) {
            assertThat(run.complete()).as(run.row()).isEqualTo(run.viewers());
        }
    }

    private record Run(String design, int viewers, double p50, double p95, double p99, long complete,
            double clientCpu, double gatewayMicros, String profile) {

        String row() {
            String target = viewers <= 1000 ? "p95 ≤ 250 ms, nothing lost" : "p95 ≤ 1 s, nothing lost";
            return String.format(Locale.ROOT, "| %s | %d | %.1f ms | %.1f ms | %.1f ms | %d of %d | %.0f%% | %.1f µs | %s |",
                    design, viewers, p50, p95, p99, complete, viewers, clientCpu, gatewayMicros, target);
        }
    }

    /** The Node client's one dependency, {@code ws}, from the npm registry at the version its lock file names. */
    private static void installClient() throws Exception {
        if (Files.isDirectory(CLIENT.resolve("node_modules/ws"))) {
            return;
        }
        Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(CLIENT.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(install.waitFor(5, TimeUnit.MINUTES)).as("npm ci in " + CLIENT).isTrue();
        assertThat(install.exitValue()).as("npm ci in " + CLIENT).isZero();
    }

    private static Run run(int count, Client client, boolean profiled, Path checkout) throws Exception {
        try (TestStack stack = profiled ? new TestStack(2).profiled() : new TestStack(2)) {
            if (checkout != null) {
                stack.appsFrom(checkout);
            }
            AppProcess gateway = stack.startGateway(TestStack.MANY_VIEWERS);
            Api api = stack.api(gateway);
            String id = api.submitTarball(Fixtures.tarball("ticker"));
            URI live = api.liveUri(id, 0);
            // What earlier runs left in the client's heap is not this run's to collect.
            System.gc();
            Audience audience = client == Client.NODE ? new NodeAudience(live, count) : new VertxAudience(live, count);
            try (audience) {
                double gatewayBefore = MachineCpu.processSeconds(gateway.pid());
                Instant jobStarts = Instant.now();
                AppProcess runner = stack.startRunner(); // the job starts only now, with every viewer watching
                Measured measured = audience.await();
                double gatewayMicros = (MachineCpu.processSeconds(gateway.pid()) - gatewayBefore) * 1e6
                        / ((double) LINES * count);
                JfrProfile.Window window = JfrProfile.Window.since(jobStarts);
                stack.close();
                String profile = "";
                if (profiled) {
                    Map<String, Path> recordings = new LinkedHashMap<>();
                    recordings.put("gateway", gateway.recording());
                    recordings.put("runner", runner.recording());
                    profile = "Profile of the 1,000-viewer Node run, from Java Flight Recorder:\n\n"
                            + JfrProfile.section(recordings, List.of(window), false);
                }
                String design = (checkout == null ? "this design" : "replaced design (" + checkout.getFileName() + ")")
                        + ", " + (client == Client.NODE ? "Node ws client" : "Vert.x client");
                return new Run(design, count, measured.p50(), measured.p95(), measured.p99(), measured.complete(),
                        measured.clientCpu(), gatewayMicros, profile);
            }
        }
    }

    /** What a client saw of the job: delays of every line to every viewer, and its own CPU share. */
    private record Measured(double p50, double p95, double p99, long complete, double clientCpu) {
    }

    /** Viewers that are connected on creation and watch until the job's end. */
    private interface Audience extends AutoCloseable {
        Measured await() throws Exception;
    }

    /** The independent client: {@code bench/live-client/viewers.js} in a Node process of its own. */
    private static final class NodeAudience implements Audience {
        private final Process process;
        private final BufferedReader out;

        NodeAudience(URI live, int count) throws Exception {
            process = new ProcessBuilder("node", "viewers.js", live.toString(), Integer.toString(count),
                    Integer.toString(LINES), Integer.toString(ADDRESSES))
                    .directory(CLIENT.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).as("the Node client's first line, once %d viewers are connected", count).isEqualTo("open");
        }

        @Override
        public Measured await() throws Exception {
            String result = out.readLine();
            assertThat(result).as("the Node client's result").isNotNull();
            JsonNode json = new ObjectMapper().readTree(result);
            assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
            return new Measured(json.path("p50").asDouble(), json.path("p95").asDouble(), json.path("p99").asDouble(),
                    json.path("complete").asLong(), 100 * json.path("cpuShare").asDouble());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** Viewers on two Vert.x event loops in the benchmark's JVM: messages scanned for stamps, not parsed. */
    private static final class VertxAudience implements Audience {
        private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS));
        private final List<Viewer> viewers = new ArrayList<>();
        private final long cpuBefore;
        private final long wallBefore;

        VertxAudience(URI live, int count) throws Exception {
            for (int v = 0; v < count; v++) {
                viewers.add(new Viewer());
            }
            connectVertx(vertx, live, viewers);
            cpuBefore = processCpuNanos();
            wallBefore = System.nanoTime();
        }

        @Override
        public Measured await() throws Exception {
            for (Viewer viewer : viewers) {
                viewer.closed.get(5, TimeUnit.MINUTES);
            }
            double clientCpu = 100.0 * (processCpuNanos() - cpuBefore)
                    / ((double) (System.nanoTime() - wallBefore) * Runtime.getRuntime().availableProcessors());
            long complete = viewers.stream().filter(viewer -> viewer.lines == LINES).count();
            double[] delays = viewers.stream()
                    .flatMapToDouble(viewer -> Arrays.stream(viewer.delays, 0, Math.min(viewer.lines, LINES))).toArray();
            return new Measured(BenchReport.percentile(delays, 50), BenchReport.percentile(delays, 95),
                    BenchReport.percentile(delays, 99), complete, clientCpu);
        }

        @Override
        public void close() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

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
