package io.nodechecker.gateway.live;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LogReadsTest {

    private final ExecutorService readers = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final LogReads reads = new LogReads(readers, timer, List.of(Duration.ofMillis(5), Duration.ofMillis(10)));
    private final AtomicInteger tries = new AtomicInteger();
    private final AtomicInteger gaveUp = new AtomicInteger();
    private final CountDownLatch over = new CountDownLatch(1);

    @AfterEach
    void stop() {
        readers.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void aReadThatFailsIsTriedAgainUntilItSucceeds() throws Exception {
        reads.read("job j for viewer v", () -> {
            if (tries.incrementAndGet() < 3) {
                throw new IllegalStateException("owner leaving");
            }
            over.countDown();
        }, this::giveUp);

        assertThat(over.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(tries).hasValue(3);
        assertThat(gaveUp).hasValue(0);
    }

    @Test
    void aReadThatKeepsFailingGivesUpOnceAfterEveryPause() throws Exception {
        reads.read("job j for viewer v", () -> {
            tries.incrementAndGet();
            throw new IllegalStateException("no owner");
        }, this::giveUp);

        assertThat(over.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50); // nothing more comes after giving up
        assertThat(tries).hasValue(3);
        assertThat(gaveUp).hasValue(1);
    }

    @Test
    void aReadThatSucceedsRunsOnce() throws Exception {
        reads.read("job j for viewer v", () -> {
            tries.incrementAndGet();
            over.countDown();
        }, this::giveUp);

        assertThat(over.await(10, TimeUnit.SECONDS)).isTrue();
        readers.shutdown();
        assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(tries).hasValue(1);
        assertThat(gaveUp).hasValue(0);
    }

    private void giveUp() {
        gaveUp.incrementAndGet();
        over.countDown();
    }
}
