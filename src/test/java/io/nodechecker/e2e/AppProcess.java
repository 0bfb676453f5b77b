package io.nodechecker.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One gateway or runner, started as a real process: from its packaged jar, or its native executable
 * ({@code ./nodechecker native}) when the tests run with {@code -Dnodechecker.native=true}.
 */
final class AppProcess implements AutoCloseable {

    private final String name;
    private final int httpPort;
    private final Path log;
    private final Path recording;
    private final Process process;

    private AppProcess(String name, int httpPort, Path log, Path recording, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = log;
        this.recording = recording;
        this.process = process;
    }

    /** Whether the tests start the apps from their native executables rather than their jars. */
    static final boolean NATIVE = Boolean.getBoolean("nodechecker.native");

    /** The app of a module, built in {@code checkout}: its jar, or its native executable. */
    static Path program(Path checkout, String module, boolean nativeExecutable) throws IOException {
        if (!nativeExecutable) {
            return checkout.resolve(module + "/target/quarkus-app/quarkus-run.jar");
        }
        try (var files = Files.list(checkout.resolve(module + "/target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner")).findFirst().orElseThrow(
                    () -> new IllegalStateException(module + " has no native executable: ./nodechecker native builds it"));
        }
    }

    /** Starts the app; with {@code recording} set it records itself with JFR into that file until it exits. */
    static AppProcess start(String name, Path program, int httpPort, Path logDir, List<String> properties, Path recording)
            throws IOException {
        if (!Files.exists(program)) {
            throw new IllegalStateException(program + " is missing: package the apps first (./mvnw verify does)");
        }
        if (!program.toString().endsWith(".jar")) {
            return startNative(name, program, httpPort, logDir, properties);
        }
        Path jar = program;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The launcher's JVM options (./nodechecker's JAVA_OPTS).
                "-Djava.net.preferIPv4Stack=true", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + httpPort));
        if (Runtime.version().compareTo(Runtime.Version.parse("17.0.9")) >= 0) {
            command.add("-XX:TrimNativeHeapInterval=5000"); // as the launcher: only where the JDK knows it
        }
        if (recording != null) {
            command.add(JfrProfile.option(recording));
        }
        // "-X…" options go to the JVM as they are; everything else is a system property.
        properties.forEach(p -> command.add(p.startsWith("-X") ? p : "-D" + p));
        command.add("-jar");
        command.add(jar.toString());
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(); // a restart keeps the earlier life
        return new AppProcess(name, httpPort, log, recording, process);
    }

    /** A native executable takes the same properties and heap limit; the JVM's own options mean nothing to it. */
    private static AppProcess startNative(String name, Path executable, int httpPort, Path logDir, List<String> properties)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "-Djava.net.preferIPv4Stack=true", "-Dquarkus.http.port=" + httpPort));
        properties.stream().filter(p -> !p.startsWith("-XX:"))
                .forEach(p -> command.add(p.startsWith("-X") ? p : "-D" + p));
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new AppProcess(name, httpPort, log, null, process);
    }

    String name() {
        return name;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    int port() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    /** The JFR recording, complete once the process has been closed; null when not recorded. */
    Path recording() {
        return recording;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void awaitReady(Duration limit) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " died at start:\n" + tail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri().resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + limit + ":\n" + tail());
    }

    /** Ends the process the hard way, as a crash or a lost host would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Everything the process has written to its log so far. */
    String logText() throws IOException {
        return Files.readString(log);
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
