package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output relay throughput of one job: 64 MiB written by the container, received by a WebSocket
 * viewer (first byte to last), nothing lost; five jobs one after another, their median reported,
 * against raw {@code docker run} output read from the attached stream in the same run, before the
 * stack starts and after it stops (this machine's figure for it has ranged from 10 to 20 MB/s between
 * runs). The viewer is Vert.x's WebSocket client, as a browser's would be, on this same machine: the
 * JDK's client spent 18 % of the machine decoding. With {@code -Dnodechecker.baseline=DIR[,DIR…]} (built
 * checkouts of earlier designs) the same five jobs run through each one's apps too.
 */
class RelayThroughputBenchmark {

    private static final long BYTES = 64L * 1024 * 1024;
    private static final int RUNS = 5;

    @Test
    void measuresRelayThroughputAgainstRawDockerOutput() throws Exception {
        TestStack.requireDockerEngine();
        Map<String, Path> recordings = new LinkedHashMap<>();
        List<JfrProfile.Window> windows = new ArrayList<>();
        double rawBefore = rawDocker();
        Relayed ours = relays(null, recordings, windows);
        String profile = JfrProfile.section(recordings, windows, false);
        StringBuilder replaced = new StringBuilder();
        for (Path baseline : BenchReport.baselines()) {
            Relayed theirs = relays(baseline, null, new ArrayList<>());
            replaced.append(String.format(Locale.ROOT, "| an earlier design (`%s`), same path | %s | %s | |%n",
                    baseline.getFileName(), runs(theirs.rates()), theirs.cpu()));
        }
        double rawAfter = rawDocker();
        double raw = (rawBefore + rawAfter) / 2;
        BenchReport.write("relay-throughput", String.format(Locale.ROOT, """
                ### Output relay throughput of one job

                The `flood` fixture writes 64 MiB of 64-byte lines; measured from the first byte to the last at
                the receiving end, every byte accounted for (the job's end, which follows its last line, is not
                part of the relay); %d jobs one after another, their median first, then each job's figure.

                | | throughput | CPU per MiB relayed: runner + gateway (machine) | target |
                |---|---|---|---|
                | Nodechecker: container → runner → cluster → gateway → WebSocket viewer | %s | %s | ≥ 50 MB/s, or ≥ 0.9× the raw read |
                %s| raw `docker run` stdout read by the same JVM, before the stack started / after it stopped | %.1f / %.1f MB/s | | |

                Nodechecker's relay: **%.2f×** the raw read (median against the raw reads' mean). The viewer is
                Vert.x's WebSocket client in the benchmark's JVM, parsing every message as JSON. The profile
                covers the %d measured jobs.

                CPU per MiB: the runner's and gateway's processes (`/proc/<pid>/stat`), and in parentheses the whole
                machine's (engine, container and viewer included), over all %d jobs of a design, each stack recording
                itself with JFR alike.

                %s""", RUNS, runs(ours.rates()), ours.cpu(), replaced, rawBefore, rawAfter, median(ours.rates()) / raw, RUNS,
                RUNS, profile));
    }

    /** Each job's MB/s, and the CPU its relay took ("0.12 + 0.34 CPU-s (0.90)" per MiB). */
    private record Relayed(List<Double> rates, String cpu) {
    }

    /** {@link #RUNS} floods through a stack of this design, or of {@code checkout}'s. */
    private static Relayed relays(Path checkout, Map<String, Path> recordings, List<JfrProfile.Window> windows)
            throws Exception {
        List<Double> rates = new ArrayList<>();
        String cpu;
        try (TestStack stack = new TestStack(2).profiled()) {
            if (checkout != null) {
                stack.appsFrom(checkout);
            }
            // The replaced design has no per-address limit of viewers, nor a setting for it.
            AppProcess gateway = checkout == null ? stack.startGateway(TestStack.MANY_VIEWERS) : stack.startGateway();
            Api api = stack.api(gateway);
            AppProcess runner = stack.startRunner("nodechecker.runner.limits.output-bytes=1073741824",
                    "nodechecker.runner.limits.memory-mb=2048");
            api.awaitRunner();
            Recording client = JfrProfile.startHere(); // every design's processes record themselves alike
            double runnerBefore = MachineCpu.processSeconds(runner.pid());
            double gatewayBefore = MachineCpu.processSeconds(gateway.pid());
            double machineBefore = MachineCpu.busySeconds();
            for (int run = 0; run < RUNS; run++) {
                Measured measured = relay(api);
                rates.add(measured.megabytesPerSecond());
                windows.add(measured.window());
            }
            double mebibytes = RUNS * BYTES / 1048576.0;
            cpu = String.format(Locale.ROOT, "%.3f + %.3f CPU-s (%.3f)",
                    (MachineCpu.processSeconds(runner.pid()) - runnerBefore) / mebibytes,
                    (MachineCpu.processSeconds(gateway.pid()) - gatewayBefore) / mebibytes,
                    (MachineCpu.busySeconds() - machineBefore) / mebibytes);
            stack.close();
            if (recordings != null) {
                recordings.put("runner", runner.recording());
                recordings.put("gateway", gateway.recording());
                recordings.put("viewer (the benchmark's JVM)", JfrProfile.stopHere(client));
            } else {
                client.close();
            }
        }
        return new Relayed(rates, cpu);
    }

    private static double median(List<Double> rates) {
        return BenchReport.median(rates.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** "median MB/s (each run's)". */
    private static String runs(List<Double> rates) {
        return String.format(Locale.ROOT, "%.1f MB/s (%s)", median(rates), String.join(", ",
                rates.stream().map(rate -> String.format(Locale.ROOT, "%.1f", rate)).toList()));
    }

    record Measured(double megabytesPerSecond, JfrProfile.Window window) {
    }

    /** One flood job relayed to one viewer: its MB/s from the first byte to the last, every byte checked. */
    static Measured relay(Api api) throws Exception {
        String id = api.submitTarball(Fixtures.tarball("flood"));
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        AtomicReference<Instant> firstAt = new AtomicReference<>();
        AtomicLong bytes = new AtomicLong();
        StringBuilder tail = new StringBuilder();
        String lastLine = "line " + (BYTES / 64 - 1) + " ";
        CompletableFuture<Long> done = new CompletableFuture<>();
        URI live = api.liveUri(id, 0);
        Vertx vertx = Vertx.vertx();
        try {
            vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(4 * 1024 * 1024)
                            .setMaxFrameSize(1024 * 1024))
                    .connect(new WebSocketConnectOptions().setHost(live.getHost()).setPort(live.getPort())
                            .setURI(live.getRawPath() + "?" + live.getRawQuery()))
                    .onSuccess(socket -> {
                        socket.textMessageHandler(text -> {
                            try {
                                JsonNode message = Api.JSON.readTree(text);
                                if ("stdout".equals(message.path("stream").asText())) {
                                    if (first.compareAndSet(0, System.nanoTime())) {
                                        firstAt.set(Instant.now());
                                    }
                                    String data = message.path("data").asText();
                                    bytes.addAndGet(data.getBytes(StandardCharsets.UTF_8).length);
                                    tail.setLength(0);
                                    tail.append(data, Math.max(0, data.length() - 200), data.length());
                                    if (data.contains(lastLine)) {
                                        last.set(System.nanoTime()); // the relay's part ends here; the job's end follows
                                    }
                                } else if ("result".equals(message.path("type").asText())) {
                                    done.complete(System.nanoTime());
                                }
                            } catch (Exception e) {
                                done.completeExceptionally(e);
                            }
                        });
                        socket.closeHandler(ignored -> done.completeExceptionally(
                                new AssertionError("closed before the result: " + socket.closeStatusCode())));
                    })
                    .onFailure(done::completeExceptionally)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            done.get(10, TimeUnit.MINUTES);
            // Every byte of the flood arrived, plus npm's own banner before it ("> nc-fixture-flood@1.0.0 test" …).
            assertThat(bytes.get() - BYTES).isBetween(0L, 200L);
            assertThat(tail.toString()).contains(lastLine);
            return new Measured(BYTES / 1e6 / ((last.get() - first.get()) / 1e9), JfrProfile.Window.since(firstAt.get()));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
    private static double rawDocker() throws Exception {
        byte[] script = Files.readAllBytes(TestStack.ROOT.resolve("src/test/resources/fixtures/flood/package/flood.js"));
        Process run = new ProcessBuilder(List.of("docker", "run", "--rm", NodeImages.defaultImage(), "node", "-e",
                new String(script, StandardCharsets.UTF_8))).start();
        long firstByte = 0;
        long total = 0;
        byte[] buffer = new byte[65536];
        try (InputStream out = run.getInputStream()) {
            int n;
            while ((n = out.read(buffer)) > 0) {
                if (firstByte == 0) {
                    firstByte = System.nanoTime();
                }
                total += n;
            }
        }
        long end = System.nanoTime();
        assertThat(run.waitFor()).isZero();
        assertThat(total).isEqualTo(BYTES);
        return BYTES / 1e6 / ((end - firstByte) / 1e9);
    }
}
