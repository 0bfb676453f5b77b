package io.nodechecker.e2e;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a Java Flight Recorder recording says about one process during a benchmark's measured
 * window: how much of the machine it and everything else used, which libraries its CPU samples
 * fall in, its hottest methods and threads, its GC pauses, and (for start-up) where its main
 * thread waited. Samples are grouped under the frame nearest the top of the stack that belongs to
 * a library we know, so a {@code HashMap.get} called by Infinispan counts as Infinispan.
 */
final class JfrProfile {

    /** The JVM option that makes an app record itself, dumped to {@code file} when it exits. */
    static String option(Path file) {
        return "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + file;
    }

    /** A recording of this JVM (where the benchmark's clients run), started now. */
    static Recording startHere() throws IOException {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
            return recording;
        } catch (ParseException e) {
            throw new IOException(e);
        }
    }

    private static final List<String[]> LIBRARIES = List.of(
            new String[] {"io.nodechecker.", "Nodechecker"},
            new String[] {"org.infinispan.", "Infinispan"},
            new String[] {"org.jgroups.", "JGroups"},
            new String[] {"io.quarkus.websockets.", "WebSockets Next"},
            new String[] {"io.vertx.", "Vert.x"},
            new String[] {"io.netty.", "Netty"},
            new String[] {"com.fasterxml.jackson.", "Jackson"},
            new String[] {"com.github.dockerjava.", "docker-java"},
            new String[] {"org.apache.hc.", "docker-java's HTTP client"},
            new String[] {"jdk.internal.net.http.", "JDK HTTP/WebSocket client"},
            new String[] {"io.quarkus.", "Quarkus"},
            new String[] {"io.smallrye.", "SmallRye"},
            new String[] {"io.reactivex.", "RxJava"},
            new String[] {"org.jboss.", "JBoss"},
            new String[] {"org.junit.", "JUnit"},
            new String[] {"io.micrometer.", "Micrometer"});

    // Frames that only pass a wait along; the site of a wait is the first frame below them.
    private static final List<String> WAIT_PLUMBING = List.of("java.", "jdk.", "sun.", "io.reactivex.",
            "org.infinispan.commons.util.concurrent.", "org.infinispan.util.concurrent.", "org.jgroups.util.");

    private JfrProfile() {
    }

    /** A stretch of time a benchmark measured. */
    record Window(Instant from, Instant to) {

        static Window since(Instant from) {
            return new Window(from, Instant.now());
        }

        boolean contains(Instant moment) {
            return !moment.isBefore(from) && !moment.isAfter(to);
        }

        /** Milliseconds of {@code [start, end]} inside this window. */
        long overlap(Instant start, Instant end) {
            Instant first = start.isAfter(from) ? start : from;
            Instant last = end.isBefore(to) ? end : to;
            return Math.max(0, Duration.between(first, last).toMillis());
        }

        long millis() {
            return Duration.between(from, to).toMillis();
        }
    }

    static final String HEADING = """
            Profile of the measured time, from Java Flight Recorder (`profile` settings: CPU samples every
            10 ms of up to a few running threads, CPU load every second):

            """;

    /** A recording of this JVM, stopped and written to a file. */
    static Path stopHere(Recording recording) throws IOException {
        Path file = Files.createTempFile("bench-client-", ".jfr");
        recording.stop();
        recording.dump(file);
        recording.close();
        return file;
    }

    /**
     * The Markdown a benchmark adds under its figures: one paragraph per recorded process, over the
     * benchmark's measured windows only. The processes must have exited, so their recordings are whole.
     */
    static String section(Map<String, Path> recordings, List<Window> windows, boolean mainThreadWaits)
            throws IOException {
        StringBuilder text = new StringBuilder(HEADING);
        for (Map.Entry<String, Path> recording : recordings.entrySet()) {
            text.append(summarize(recording.getKey(), recording.getValue(), windows, mainThreadWaits)).append('\n');
        }
        return text.toString();
    }

    /** One paragraph of Markdown about {@code process} within {@code windows}. */
    static String summarize(String process, Path recording, List<Window> windows, boolean mainThreadWaits)
            throws IOException {
        Map<String, Integer> libraries = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Long> waits = new HashMap<>();
        int samples = 0;
        int loads = 0;
        double jvm = 0;
        double machine = 0;
        int pauses = 0;
        Duration paused = Duration.ZERO;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (windows.stream().noneMatch(w -> w.contains(event.getStartTime()))) {
                continue;
            }
            switch (event.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    libraries.merge(library(stack.getFrames()), 1, Integer::sum);
                    methods.merge(method(stack.getFrames().get(0)), 1, Integer::sum);
                    RecordedThread thread = event.getThread("sampledThread");
                    threads.merge(thread == null ? "?" : threadName(thread), 1, Integer::sum);
                }
                case "jdk.CPULoad" -> {
                    loads++;
                    jvm += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    machine += event.getFloat("machineTotal");
                }
                case "jdk.GarbageCollection" -> {
                    pauses++;
                    paused = paused.plus(event.getDuration("sumOfPauses"));
                }
                case "jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.ThreadSleep" -> {
                    RecordedThread thread = event.getThread();
                    if (mainThreadWaits && thread != null && "main".equals(thread.getJavaName())
                            && event.getStackTrace() != null) {
                        long within = windows.stream().mapToLong(w -> w.overlap(event.getStartTime(), event.getEndTime())).sum();
                        waits.merge(waitSite(event.getStackTrace().getFrames()), within, Long::sum);
                    }
                }
                default -> {
                }
            }
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT,
                "**%s** over %.1f s: the JVM used %.0f%% of the machine's CPU, the whole machine %.0f%%; "
                        + "%d GC pauses, %d ms in all; %d CPU samples.%n",
                process, windows.stream().mapToLong(Window::millis).sum() / 1000.0, loads == 0 ? 0 : 100 * jvm / loads,
                loads == 0 ? 0 : 100 * machine / loads, pauses, paused.toMillis(), samples));
        if (samples > 0) {
            text.append("- by library: ").append(shares(libraries, samples, 7, false)).append('\n');
            text.append("- hottest methods: ").append(shares(methods, samples, 5, true)).append('\n');
            text.append("- busiest threads: ").append(shares(threads, samples, 4, true)).append('\n');
        }
        if (!waits.isEmpty()) {
            text.append("- main thread waited in: ").append(waits.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .map(e -> "`" + e.getKey() + "` " + e.getValue() + " ms")
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return text.toString();
    }

    private static String library(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (String[] library : LIBRARIES) {
                if (type.startsWith(library[0])) {
                    return library[1];
                }
            }
        }
        String leaf = frames.get(0).getMethod().getType().getName();
        int dot = leaf.lastIndexOf('.');
        return "JDK only (" + (dot < 0 ? leaf : leaf.substring(0, dot)) + ")";
    }

    private static String waitSite(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (WAIT_PLUMBING.stream().noneMatch(type::startsWith)) {
                return method(frame);
            }
        }
        return method(frames.get(0));
    }

    private static String method(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    private static String threadName(RecordedThread thread) {
        String name = thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
        return name == null ? "?" : name;
    }

    private static String shares(Map<String, Integer> counts, int total, int limit, boolean code) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .map(e -> String.format(Locale.ROOT, code ? "`%s` %.0f%%" : "%s %.0f%%", e.getKey(),
                        100.0 * e.getValue() / total))
                .collect(Collectors.joining(", "));
    }
}
