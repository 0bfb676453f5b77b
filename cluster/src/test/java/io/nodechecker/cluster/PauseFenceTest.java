package io.nodechecker.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PauseFenceTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PauseFence fence = new PauseFence(Duration.ofSeconds(6), Duration.ofSeconds(15), now::get, false);

    @Test
    void staysOpenWhileTheTicksComeOnTime() {
        for (int i = 0; i < 100; i++) {
            advance(Duration.ofMillis(500));
            fence.tick();
            assertThat(fence.open()).isTrue();
        }
    }

    @Test
    void shutsOnWakingFromAPauseUntilTheClusterHadTimeToSettle() {
        advance(Duration.ofSeconds(15)); // frozen: no tick ran
        assertThat(fence.open()).as("the first look after the pause").isFalse();
        for (int i = 0; i < 50; i++) { // 25 s of ticks on time: still within 2 × 6 s + 15 s
            advance(Duration.ofMillis(500));
            fence.tick();
            assertThat(fence.open()).isFalse();
        }
        for (int i = 0; i < 5; i++) {
            advance(Duration.ofMillis(500));
            fence.tick();
        }
        assertThat(fence.open()).isTrue();
    }

    @Test
    void aShortHiccupDoesNotShutIt() {
        advance(Duration.ofMillis(2900));
        fence.tick();
        assertThat(fence.open()).isTrue();
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
