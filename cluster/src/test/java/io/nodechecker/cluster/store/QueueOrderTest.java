package io.nodechecker.cluster.store;

import io.nodechecker.model.Lane;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue as a member sees it: turns handed out as jobs are queued, and the order they give. */
class QueueOrderTest {

    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    private final List<OpenJobs.Entry> open = new ArrayList<>();
    private final QueueOrder order = new QueueOrder(() -> List.copyOf(open));
    private int clock;

    private void queue(String id, Lane lane, String owner) {
        Instant now = T0.plusMillis(10L * clock++);
        open.add(new OpenJobs.Entry(id, now, lane, owner, order.next(lane, owner, now)));
    }

    private void end(String id) {
        open.removeIf(entry -> entry.jobId().equals(id));
    }

    private List<String> inTurn() {
        List<OpenJobs.Entry> shuffled = new ArrayList<>(open);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.sort(QueueOrder.IN_TURN);
        return shuffled.stream().map(OpenJobs.Entry::jobId).toList();
    }

    @Test
    void anInteractiveJobGoesBeforeOlderBatchJobs() {
        queue("batch-1", Lane.BATCH, "token:a");
        queue("batch-2", Lane.BATCH, "token:a");
        queue("single", Lane.INTERACTIVE, "token:b");

        assertThat(inTurn()).containsExactly("single", "batch-1", "batch-2");
    }

    @Test
    void ownersTakeTurnsSoALargeBatchHoldsOneTurnAheadOfAnotherOwnersWork() {
        for (int i = 0; i < 5; i++) {
            queue("a" + i, Lane.BATCH, "token:a");
        }
        queue("b0", Lane.BATCH, "token:b");
        queue("b1", Lane.BATCH, "token:b");
        queue("hook", Lane.BATCH, null);

        assertThat(inTurn()).containsExactly("a0", "b0", "hook", "a1", "b1", "a2", "a3", "a4");
    }

    @Test
    void aJobQueuedLaterTakesTheHeadsTurnNotTheEndOfTheLine() throws Exception {
        for (int i = 0; i < 4; i++) {
            queue("a" + i, Lane.BATCH, "token:a");
        }
        end("a0");
        end("a1");
        clock += 200; // past the member's last reading of the open jobs
        queue("b0", Lane.BATCH, "token:b");

        assertThat(inTurn()).containsExactly("a2", "b0", "a3");
    }

    @Test
    void withOneOwnerTheQueueIsOldestFirst() {
        queue("x0", Lane.BATCH, null);
        queue("x1", Lane.BATCH, null);
        queue("x2", Lane.BATCH, null);

        assertThat(inTurn()).containsExactly("x0", "x1", "x2");
    }
}
