package io.nodechecker.gateway.live;

import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.JobState;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a viewer is sent, and when: its {@link LiveView} asked by its {@link ViewerOutbox}. */
class LiveViewTest {

    private final TestSocket socket = new TestSocket();
    // Reads of the log the viewer handed on, run only when the test says so.
    private final List<Runnable> handedOn = new ArrayList<>();
    private final LogReads reads = new LogReads(handedOn::add, null, List.of());

    @Test
    void sendsChunksInSequenceOnceEachWhateverOrderTheyArriveIn() {
        ViewerOutbox viewer = viewer(0, (attempts, seq) -> null);

        viewer.offer(List.of(chunk(2)));
        viewer.offer(List.of(chunk(0)));
        viewer.offer(List.of(chunk(0)));
        viewer.offer(List.of(chunk(1)));
        viewer.offer(List.of(chunk(2)));

        assertThat(socket.seqs()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void startsFromTheRequestedSequenceNumber() {
        ViewerOutbox viewer = viewer(5, (attempts, seq) -> null);

        viewer.offer(List.of(chunk(4)));
        viewer.offer(List.of(chunk(5)));

        assertThat(socket.seqs()).containsExactly(5L);
    }

    @Test
    void aReadThatMissedAStoredChunkIsMadeAgainAtTheProbeNotLeftWaitingForAnEvent() {
        Map<Long, OutputChunk> log = new HashMap<>();
        ViewerOutbox viewer = viewer(0, (attempts, seq) -> log.get(seq));
        viewer.start(); // the read finds nothing yet: the viewer waits for events
        log.put(0L, chunk(0)); // stored meanwhile, and no event will say so
        viewer.offer(List.of());
        assertThat(handedOn).isEmpty();

        viewer.probe();
        runHandedOn();

        assertThat(socket.seqs()).containsExactly(0L);
        viewer.probe(); // at the end of what is stored: reads once more, sends nothing twice
        runHandedOn();
        assertThat(socket.seqs()).containsExactly(0L);
    }

    @Test
    void sendsTheResultOnlyAfterTheLastChunkReadingFromTheLogWhatEventsHaveNotBrought() {
        Map<Long, OutputChunk> log = new HashMap<>(Map.of(0L, chunk(0), 1L, chunk(1)));
        ViewerOutbox viewer = viewer(0, (attempts, seq) -> log.get(seq));
        socket.holding();

        viewer.offer(List.of(chunk(1)));
        viewer.job(job().finished(JobState.PASSED, "ok", 0, 2, Instant.now()));
        assertThat(socket.closeCode).isNull();
        runHandedOn();

        assertThat(socket.seqs()).containsExactly(0L, 1L);
        assertThat(socket.sent.get(socket.sent.size() - 1)).isInstanceOf(LiveMessage.Result.class);
        assertThat(socket.closeCode).as("closed normally, the output still on its way").isEqualTo(1000);
    }

    @Test
    void aFinishedJobWhoseLogExpiredStillGetsItsResult() {
        ViewerOutbox viewer = viewer(0, (attempts, seq) -> null);

        viewer.job(job().finished(JobState.PASSED, "ok", 0, 5, Instant.now()));
        runHandedOn();

        assertThat(socket.closeCode).isEqualTo(1000);
        assertThat(socket.sent).singleElement().isInstanceOf(LiveMessage.Result.class);
    }

    @Test
    void reportsEachStateChangeOnce() {
        ViewerOutbox viewer = viewer(0, (attempts, seq) -> null);
        Job running = job().dispatched("r", Instant.now()).running(Instant.now());

        viewer.job(running);
        viewer.job(running);

        assertThat(socket.sent).hasSize(1).first().isInstanceOf(LiveMessage.State.class);
    }

    @Test
    void aViewerWithoutRoomGetsWhatItMissedJoinedWhenItHasRoomAgain() {
        ViewerOutbox viewer = viewer(0, (attempts, seq) -> null);
        socket.holding();
        viewer.job(job().dispatched("r", Instant.now()).running(Instant.now())); // on its way: no room
        for (long seq = 0; seq < 200; seq++) {
            viewer.offer(List.of(chunk(seq)));
        }
        viewer.offer(List.of(new OutputChunk("j", 200, StreamName.STDERR, "oops\n")));
        assertThat(socket.sent).hasSize(1);

        socket.writeOne();
        socket.writeOne();

        assertThat(socket.sent).hasSize(3);
        LiveMessage.Output joined = (LiveMessage.Output) socket.sent.get(1);
        assertThat(joined.first()).isZero();
        assertThat(joined.seq()).isEqualTo(199);
        StringBuilder expected = new StringBuilder();
        for (long seq = 0; seq < 200; seq++) {
            expected.append(chunk(seq).data());
        }
        assertThat(joined.data()).isEqualTo(expected.toString());
        assertThat(((LiveMessage.Output) socket.sent.get(2)).seq()).isEqualTo(200);
        assertThat(((LiveMessage.Output) socket.sent.get(2)).first()).isNull();
        assertThat(handedOn).as("all of it was at hand").isEmpty();
    }

    @Test
    void aReplayIsReadFromTheLogOnlyWhileTheViewerHasRoom() {
        Map<Long, OutputChunk> log = new HashMap<>();
        for (long seq = 0; seq < 10; seq++) {
            log.put(seq, new OutputChunk("j", seq, StreamName.STDOUT, "x".repeat(LiveView.JOINED_MAX / 2 + 1)));
        }
        ViewerOutbox viewer = viewer(0, (attempts, seq) -> log.get(seq));
        socket.holding();

        viewer.start();
        assertThat(socket.seqs()).containsExactly(0L);

        socket.writeOne();
        runHandedOn();
        viewer.job(job().finished(JobState.PASSED, "ok", 0, 10, Instant.now()));
        assertThat(socket.seqs()).containsExactly(0L, 1L);
        assertThat(socket.closeCode).isNull();

        socket.flowing();
        runHandedOn();
        assertThat(socket.seqs()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(socket.closeCode).isEqualTo(1000);
        assertThat(socket.sent.get(socket.sent.size() - 1)).isInstanceOf(LiveMessage.Result.class);
    }

    @Test
    void aNewAttemptsChunksAreReadUnderItsOwnKeysOnceTheViewHearsOfIt() {
        // Attempt 1 wrote 0 and 1; attempt 2 wrote 2 and 3, and no event of those reached this view.
        Map<Long, OutputChunk> first = Map.of(0L, chunk(0), 1L, chunk(1));
        Map<Long, OutputChunk> second = Map.of(2L, chunk(2), 3L, chunk(3));
        ViewerOutbox viewer = viewer(0, (attempts, seq) -> attempts >= 2 && second.containsKey(seq)
                ? second.get(seq) : first.get(seq));
        viewer.start();
        assertThat(socket.seqs()).containsExactly(0L, 1L);

        viewer.job(job().withAttempts(2).withState(JobState.RUNNING));
        runHandedOn();

        assertThat(socket.seqs()).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void eventsAndSocketCallbacksNeverReadTheLogThemselvesTheyHandItOn() {
        Map<Long, OutputChunk> log = new HashMap<>();
        for (long seq = 0; seq < 6; seq++) {
            log.put(seq, chunk(seq));
        }
        List<Long> reads = new ArrayList<>();
        ViewerOutbox viewer = viewer(0, (attempts, seq) -> {
            reads.add(seq);
            return log.get(seq);
        });

        viewer.offer(List.of(chunk(5)));
        viewer.offer(List.of(chunk(5)));

        assertThat(reads).isEmpty();
        assertThat(handedOn).hasSize(1);
        runHandedOn();
        assertThat(reads).isNotEmpty();
        assertThat(socket.seqs()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    private ViewerOutbox viewer(long from, LiveView.StoredLog stored) {
        return new ViewerOutbox("a test viewer", new LiveView("j", from, 1, stored), socket, new FrameEncoder(Json.MAPPER),
                reads, from, () -> 0L);
    }

    private void runHandedOn() {
        while (!handedOn.isEmpty()) {
            handedOn.remove(0).run();
        }
    }

    static OutputChunk chunk(long seq) {
        return new OutputChunk("j", seq, StreamName.STDOUT, "line " + seq + "\n");
    }

    static Job job() {
        return Job.queued("j", Instant.now()).packageName("xtend").requestedVersion("4.0.2").version("4.0.2").node("20")
                .network(NetworkPolicy.INSTALL_ONLY).source(JobSource.REGISTRY).maxAttempts(3).build();
    }
}
