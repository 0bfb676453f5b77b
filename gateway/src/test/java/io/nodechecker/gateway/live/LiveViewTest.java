package io.nodechecker.gateway.live;

import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.JobState;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveViewTest {

    private final List<LiveMessage> sent = new ArrayList<>();
    private boolean finished;

    @Test
    void sendsChunksInSequenceOnceEachWhateverOrderTheyArriveIn() {
        LiveView view = new LiveView("j", 0, 1, (attempts, seq) -> null, sent::add, () -> true, () -> finished = true);

        view.onChunks(List.of(chunk(2)));
        view.onChunks(List.of(chunk(0)));
        view.onChunks(List.of(chunk(0)));
        view.onChunks(List.of(chunk(1)));
        view.onChunks(List.of(chunk(2)));

        assertThat(seqs()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void startsFromTheRequestedSequenceNumber() {
        LiveView view = new LiveView("j", 5, 1, (attempts, seq) -> null, sent::add, () -> true, () -> finished = true);

        view.onChunks(List.of(chunk(4)));
        view.onChunks(List.of(chunk(5)));

        assertThat(seqs()).containsExactly(5L);
    }

    @Test
    void aReadThatMissedAStoredChunkIsMadeAgainAtTheProbeNotLeftWaitingForAnEvent() {
        Map<Long, OutputChunk> log = new HashMap<>();
        LiveView view = new LiveView("j", 0, 1, (attempts, seq) -> log.get(seq), sent::add, () -> true, () -> finished = true);
        view.pump(); // the read finds nothing yet: the view waits for events
        log.put(0L, chunk(0)); // stored meanwhile, and no event will say so
        view.pumpAtHand();
        assertThat(seqs()).isEmpty();

        view.probe();

        assertThat(seqs()).containsExactly(0L);
        view.probe(); // at the end of what is stored: reads once more, sends nothing twice
        assertThat(seqs()).containsExactly(0L);
    }

    @Test
    void sendsTheResultOnlyAfterTheLastChunkReadingFromTheLogWhatEventsHaveNotBrought() {
        Map<Long, OutputChunk> log = new HashMap<>(Map.of(0L, chunk(0), 1L, chunk(1)));
        boolean[] room = {false};
        LiveView view = new LiveView("j", 0, 1, (attempts, seq) -> log.get(seq), sent::add, () -> room[0], () -> finished = true);
        Job done = job().finished(JobState.PASSED, "ok", 0, 2, Instant.now());

        view.onChunks(List.of(chunk(1)));
        view.onJob(done);
        assertThat(finished).isFalse();
        room[0] = true;
        view.pump();

        assertThat(finished).isTrue();
        assertThat(seqs()).containsExactly(0L, 1L);
        assertThat(sent.get(sent.size() - 1)).isInstanceOf(LiveMessage.Result.class);
    }

    @Test
    void aFinishedJobWhoseLogExpiredStillGetsItsResult() {
        LiveView view = new LiveView("j", 0, 1, (attempts, seq) -> null, sent::add, () -> true, () -> finished = true);

        view.onJob(job().finished(JobState.PASSED, "ok", 0, 5, Instant.now()));

        assertThat(finished).isTrue();
        assertThat(sent).singleElement().isInstanceOf(LiveMessage.Result.class);
    }

    @Test
    void reportsEachStateChangeOnce() {
        LiveView view = new LiveView("j", 0, 1, (attempts, seq) -> null, sent::add, () -> true, () -> finished = true);
        Job running = job().dispatched("r", Instant.now()).running(Instant.now());

        view.onJob(running);
        view.onJob(running);

        assertThat(sent).hasSize(1).first().isInstanceOf(LiveMessage.State.class);
    }

    @Test
    void aViewerWithoutRoomGetsWhatItMissedFromTheLogJoinedWhenItHasRoomAgain() {
        Map<Long, OutputChunk> log = new HashMap<>();
        boolean[] room = {false};
        LiveView view = new LiveView("j", 0, 1, (attempts, seq) -> log.get(seq), sent::add, () -> room[0], () -> finished = true);
        for (long seq = 0; seq < 200; seq++) {
            log.put(seq, chunk(seq));
            view.onChunks(List.of(chunk(seq)));
        }
        log.put(200L, new OutputChunk("j", 200, StreamName.STDERR, "oops\n"));
        view.onChunks(List.of(log.get(200L)));
        assertThat(sent).isEmpty();

        room[0] = true;
        view.pump();

        assertThat(sent).hasSize(2);
        LiveMessage.Output joined = (LiveMessage.Output) sent.get(0);
        assertThat(joined.first()).isZero();
        assertThat(joined.seq()).isEqualTo(199);
        StringBuilder expected = new StringBuilder();
        for (long seq = 0; seq < 200; seq++) {
            expected.append(chunk(seq).data());
        }
        assertThat(joined.data()).isEqualTo(expected.toString());
        assertThat(((LiveMessage.Output) sent.get(1)).seq()).isEqualTo(200);
        assertThat(((LiveMessage.Output) sent.get(1)).first()).isNull();
    }

    @Test
    void aReplayIsReadFromTheLogOnlyWhileTheViewerHasRoom() {
        Map<Long, OutputChunk> log = new HashMap<>();
        for (long seq = 0; seq < 10; seq++) {
            log.put(seq, new OutputChunk("j", seq, StreamName.STDOUT, "x".repeat(LiveView.JOINED_MAX / 2 + 1)));
        }
        int[] room = {1};
        LiveView view = new LiveView("j", 0, 1, (attempts, seq) -> log.get(seq), message -> {
            sent.add(message);
            room[0]--;
        }, () -> room[0] > 0, () -> finished = true);

        view.pump();
        assertThat(seqs()).containsExactly(0L);

        room[0] = 2;
        view.pump();
        view.onJob(job().finished(JobState.PASSED, "ok", 0, 10, Instant.now()));
        assertThat(seqs()).containsExactly(0L, 1L, 2L);
        assertThat(finished).isFalse();

        room[0] = 100;
        view.pump();
        assertThat(seqs()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(finished).isTrue();
        assertThat(sent.get(sent.size() - 1)).isInstanceOf(LiveMessage.Result.class);
    }

    @Test
    void aNewAttemptsChunksAreReadUnderItsOwnKeysOnceTheViewHearsOfIt() {
        // Attempt 1 wrote 0 and 1; attempt 2 wrote 2 and 3, and no event of those reached this view.
        Map<Long, OutputChunk> first = Map.of(0L, chunk(0), 1L, chunk(1));
        Map<Long, OutputChunk> second = Map.of(2L, chunk(2), 3L, chunk(3));
        LiveView view = new LiveView("j", 0, 1, (attempts, seq) -> attempts >= 2 && second.containsKey(seq)
                ? second.get(seq) : first.get(seq), sent::add, () -> true, () -> finished = true);
        view.pump();
        assertThat(seqs()).containsExactly(0L, 1L);

        view.onJob(job().withAttempts(2).withState(JobState.RUNNING));

        assertThat(seqs()).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void eventsAndSocketCallbacksNeverReadTheLogThemselvesTheyHandItOn() {
        Map<Long, OutputChunk> log = new HashMap<>();
        for (long seq = 0; seq < 6; seq++) {
            log.put(seq, chunk(seq));
        }
        List<Long> reads = new ArrayList<>();
        List<Runnable> handedOn = new ArrayList<>();
        LiveView view = new LiveView("j", 0, 1, (attempts, seq) -> {
            reads.add(seq);
            return log.get(seq);
        }, sent::add, () -> true, () -> finished = true, handedOn::add);

        view.onChunks(List.of(chunk(5)));
        view.onChunks(List.of(chunk(5)));
        view.pumpAtHand();

        assertThat(reads).isEmpty();
        assertThat(handedOn).hasSize(1);
        handedOn.get(0).run();
        assertThat(reads).isNotEmpty();
        assertThat(seqs()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    /** The sequence numbers the output messages sent cover, joined ones expanded. */
    private List<Long> seqs() {
        List<Long> seqs = new ArrayList<>();
        sent.stream().filter(m -> m instanceof LiveMessage.Output).map(m -> (LiveMessage.Output) m).forEach(output -> {
            for (long seq = output.first() == null ? output.seq() : output.first(); seq <= output.seq(); seq++) {
                seqs.add(seq);
            }
        });
        return seqs;
    }

    private static OutputChunk chunk(long seq) {
        return new OutputChunk("j", seq, StreamName.STDOUT, "line " + seq + "\n");
    }

    private static Job job() {
        return Job.queued("j", Instant.now()).packageName("xtend").requestedVersion("4.0.2").version("4.0.2").node("20")
                .network(NetworkPolicy.INSTALL_ONLY).source(JobSource.REGISTRY).maxAttempts(3).build();
    }
}
