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

/** One gateway or runner, started from its packaged jar as a real process. */
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

    /** Starts the app; with {@code recording} set it records itself with JFR into that file until it exits. */
    static AppProcess start(String name, Path jar, int httpPort, Path logDir, List<String> properties, Path recording)
            throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the apps first (./mvnw verify does)");
        }
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
