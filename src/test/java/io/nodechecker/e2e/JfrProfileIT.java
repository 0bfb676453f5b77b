package io.nodechecker.e2e;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The profile summary puts a known busy method, thread and wait where they belong. */
class JfrProfileIT {

    private static volatile long sink;

    @Test
    void attributesSamplesAndWaitsToTheirCodeAndThread() throws Exception {
        Recording recording = JfrProfile.startHere();
        Instant from = Instant.now();
        Thread spinner = new Thread(JfrProfileIT::spin, "spinner");
        // The summary reports waits of the thread called "main", as an app's start-up runs there.
        Thread waiter = new Thread(JfrProfileIT::nap, "main");
        spinner.start();
        waiter.start();
        spinner.join();
        waiter.join();
        JfrProfile.Window window = JfrProfile.Window.since(from);
        Path file = JfrProfile.stopHere(recording);

        String summary = JfrProfile.summarize("this JVM", file, List.of(window), true);

        assertThat(summary).startsWith("**this JVM** over ");
        assertThat(line(summary, "- by library: ")).startsWith("- by library: Nodechecker ");
        assertThat(line(summary, "- hottest methods: ")).startsWith("- hottest methods: `JfrProfileIT.spin` ");
        assertThat(line(summary, "- busiest threads: ")).startsWith("- busiest threads: `spinner` ");
        assertThat(line(summary, "- main thread waited in: ")).contains("`JfrProfileIT.nap` ");
    }

    @Test
    void countsOnlyTheTimeOfAWaitInsideTheWindow() {
        Instant from = Instant.parse("2026-01-01T00:00:10Z");
        JfrProfile.Window window = new JfrProfile.Window(from, from.plusSeconds(2));

        assertThat(window.overlap(from.minusSeconds(5), from.plusMillis(500))).isEqualTo(500);
        assertThat(window.overlap(from.plusSeconds(1), from.plusSeconds(9))).isEqualTo(1000);
        assertThat(window.overlap(from.plusSeconds(3), from.plusSeconds(4))).isZero();
    }

    private static String line(String summary, String prefix) {
        return summary.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no line " + prefix + ")");
    }

    private static void spin() {
        long end = System.nanoTime() + 1_500_000_000L;
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    private static void nap() {
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
