package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The native executables ({@code ./nodechecker native}) beside the JVM with class-data sharing, the two
 * alternating in one run: start to ready (a cluster of one, a first member, a joining runner), idle and working
 * RSS, and the relay's throughput; with the build times, executable and image sizes. Run after
 * {@code ./nodechecker native} (and {@code k8s/rehearse.sh --native} for the image sizes):
 * {@code bench/run NativeBenchmark}.
 */
class NativeBenchmark {

    private static final int ROUNDS = 3;
    private static final Pattern FINISHED = Pattern.compile("Finished generating '([\\w.-]+)' in (?:(\\d+)m )?(\\d+)s");

    @Test
    void measuresNativeBesideTheJvmWithClassDataSharing() throws Exception {
        TestStack.requireDockerEngine();
        AppProcess.program(TestStack.ROOT, "gateway", true); // fails at once without the executables
        double jvmBuild = jvmBuildSeconds();
        ClassDataArchives archives = ClassDataArchives.write();
        Kind jvm = new Kind("JVM, class-data sharing", false, archives.gatewayOption(), archives.runnerOption());
        Kind nativeKind = new Kind("native", true, null, null);
        for (int round = 0; round < ROUNDS; round++) {
            for (Kind kind : List.of(jvm, nativeKind)) {
                kind.measure();
            }
        }
        BenchReport.write("native", String.format(Locale.ROOT, """
                ### Native executables beside the JVM

                The JVM with class-data sharing (an archive one earlier start of the same build wrote) and the native
                executables of `./nodechecker native` (`scripts/native-toolchain`: GraalVM 25.0.2's builder on the
                Temurin 25 JDK), alternating, %d rounds, medians. Start: launch until `/q/health/ready` answers 200.
                Idle RSS: 10 s after both members are ready. Working: one 64 MiB flood job relayed to a live viewer
                (as in the relay throughput benchmark), then the peak RSS of each process (VmHWM). Heaps as the
                launcher sets them (gateway `-Xmx512m`, runner `-Xmx96m`).

                | | JVM, class-data sharing | native |
                |---|---|---|
                | build (`./mvnw package` of both, sources compiled before / `./nodechecker native`, from its log) | %s | %s |
                | gateway: start → ready, cluster of one | %s | %s |
                | gateway: start → ready, first member | %s | %s |
                | runner: start → ready, joining | %s | %s |
                | gateway / runner idle RSS | %s | %s |
                | gateway / runner peak RSS over a flood job | %s | %s |
                | relay throughput (one viewer, 64 MiB) | %s | %s |
                | gateway / runner on disk (jar app folder / executable with its lib/) | %s | %s |
                | gateway / runner image (`nodechecker/<app>:jvm` / `:native`) | %s | %s |
                """, ROUNDS, seconds(jvmBuild), nativeBuild(),
                jvm.alone.text("s"), nativeKind.alone.text("s"),
                jvm.first.text("s"), nativeKind.first.text("s"),
                jvm.joining.text("s"), nativeKind.joining.text("s"),
                pair(jvm.gatewayIdle, jvm.runnerIdle), pair(nativeKind.gatewayIdle, nativeKind.runnerIdle),
                pair(jvm.gatewayPeak, jvm.runnerPeak), pair(nativeKind.gatewayPeak, nativeKind.runnerPeak),
                jvm.relay.text("MB/s"), nativeKind.relay.text("MB/s"),
                disk(false), disk(true), images("jvm"), images("native")));
    }

    /** One way of running the apps, and what it measured over the rounds. */
    private static final class Kind {
        final String name;
        final boolean nativeApps;
        final String gatewayOption;
        final String runnerOption;
        final Figures alone = new Figures();
        final Figures first = new Figures();
        final Figures joining = new Figures();
        final Figures gatewayIdle = new Figures();
        final Figures runnerIdle = new Figures();
        final Figures gatewayPeak = new Figures();
        final Figures runnerPeak = new Figures();
        final Figures relay = new Figures();

        Kind(String name, boolean nativeApps, String gatewayOption, String runnerOption) {
            this.name = name;
            this.nativeApps = nativeApps;
            this.gatewayOption = gatewayOption;
            this.runnerOption = runnerOption;
        }

        void measure() throws Exception {
            try (TestStack stack = new TestStack(1).nativeApps(nativeApps)) {
                long start = System.nanoTime();
                stack.startGateway(options(gatewayOption, "-Xmx512m"));
                alone.add((System.nanoTime() - start) / 1e9);
            }
            try (TestStack stack = new TestStack(2).nativeApps(nativeApps)) {
                long start = System.nanoTime();
                AppProcess gateway = stack.startGateway(options(gatewayOption, "-Xmx512m", TestStack.MANY_VIEWERS));
                first.add((System.nanoTime() - start) / 1e9);
                start = System.nanoTime();
                AppProcess runner = stack.startRunner(options(runnerOption, "-Xmx96m",
                        "nodechecker.runner.limits.output-bytes=1073741824", "nodechecker.runner.limits.memory-mb=2048"));
                joining.add((System.nanoTime() - start) / 1e9);
                Thread.sleep(10_000);
                gatewayIdle.add(ProcessMemory.rssMiB(gateway.pid()));
                runnerIdle.add(ProcessMemory.rssMiB(runner.pid()));
                Api api = stack.api(gateway);
                api.awaitRunner();
                relay.add(RelayThroughputBenchmark.relay(api).megabytesPerSecond());
                gatewayPeak.add(ProcessMemory.peakRssMiB(gateway.pid()));
                runnerPeak.add(ProcessMemory.peakRssMiB(runner.pid()));
            }
            System.out.printf(Locale.ROOT, "%s: alone %s, first %s, joining %s, relay %s%n", name,
                    alone.last(), first.last(), joining.last(), relay.last());
        }

        private static String[] options(String first, String... more) {
            List<String> all = new ArrayList<>();
            if (first != null) {
                all.add(first);
            }
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }
    }

    /** One figure per round. */
    private static final class Figures {
        private final List<Double> values = new ArrayList<>();

        void add(double value) {
            values.add(value);
        }

        double last() {
            return values.get(values.size() - 1);
        }

        double median() {
            return BenchReport.median(values.stream().mapToDouble(Double::doubleValue).toArray());
        }

        /** "0.41 s (0.40, 0.41, 0.45)". */
        String text(String unit) {
            return String.format(Locale.ROOT, "%.2f %s (%s)", median(), unit, String.join(", ",
                    values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList()));
        }
    }

    private static String pair(Figures gateway, Figures runner) {
        return String.format(Locale.ROOT, "%.0f / %.0f MiB", gateway.median(), runner.median());
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.0f s", s);
    }

    /** The JVM apps packaged again, as `./nodechecker up` builds them. */
    private static double jvmBuildSeconds() throws Exception {
        long start = System.nanoTime();
        Process build = new ProcessBuilder(List.of("./mvnw", "-o", "-B", "-q", "package", "-DskipTests",
                "-pl", "gateway,runner-function", "-am")).directory(TestStack.ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (build.waitFor() != 0) {
            throw new IllegalStateException("./mvnw package failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Each executable's image build time as native-image printed it in {@code ./nodechecker native}'s log. */
    private static String nativeBuild() throws Exception {
        Path log = TestStack.ROOT.resolve("target/native-build.log");
        if (!Files.exists(log)) {
            return "not in this run (no target/native-build.log)";
        }
        List<String> parts = new ArrayList<>();
        Matcher finished = FINISHED.matcher(Files.readString(log));
        while (finished.find()) {
            int s = (finished.group(2) == null ? 0 : Integer.parseInt(finished.group(2)) * 60)
                    + Integer.parseInt(finished.group(3));
            parts.add(finished.group(1).replaceAll("-\\d.*", "") + " " + s + " s");
        }
        return String.join(", ", parts) + " (`" + Files.getLastModifiedTime(log) + "`)";
    }

    private static String disk(boolean nativeApps) throws Exception {
        List<String> sizes = new ArrayList<>();
        for (String module : List.of("gateway", "runner-function")) {
            Path program = AppProcess.program(TestStack.ROOT, module, nativeApps);
            long bytes = nativeApps ? Files.size(program) + folderBytes(program.resolveSibling("lib"))
                    : folderBytes(program.getParent());
            sizes.add(String.format(Locale.ROOT, "%.0f MB", bytes / 1e6));
        }
        return String.join(" / ", sizes);
    }

    private static long folderBytes(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String images(String tag) throws Exception {
        List<String> sizes = new ArrayList<>();
        for (String app : List.of("gateway", "runner-function")) {
            Process inspect = new ProcessBuilder(List.of("docker", "image", "inspect", "--format", "{{.Size}}",
                    "nodechecker/" + app + ":" + tag)).redirectErrorStream(true).start();
            String out = new String(inspect.getInputStream().readAllBytes()).trim();
            sizes.add(inspect.waitFor() == 0 ? String.format(Locale.ROOT, "%.0f MB", Long.parseLong(out) / 1e6) : "not built");
        }
        return String.join(" / ", sizes);
    }
}
