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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveViewTest {

    private final List<LiveMessage> sent = new ArrayList<>();
    private boolean finished;

    @Test
    void sendsChunksInSequenceOnceEachWhateverOrderTheyArriveIn() {
        LiveView view = new LiveView("j", 0, seq -> null, sent::add, () -> finished = true);

        view.onChunk(chunk(2));
        view.onChunk(chunk(0));
        view.onChunk(chunk(0));
        view.onChunk(chunk(1));
        view.onChunk(chunk(2));

        assertThat(seqs()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void startsFromTheRequestedSequenceNumber() {
        LiveView view = new LiveView("j", 5, seq -> null, sent::add, () -> finished = true);

        view.onChunk(chunk(4));
        view.onChunk(chunk(5));

        assertThat(seqs()).containsExactly(5L);
    }

    @Test
    void sendsTheResultOnlyAfterTheLastChunk() {
        LiveView view = new LiveView("j", 0, seq -> null, sent::add, () -> finished = true);
        Job done = job().finished(JobState.PASSED, "ok", 0, 2, Instant.now());

        view.onChunk(chunk(1));
        view.onJob(done);
        assertThat(finished).isFalse();
        view.onChunk(chunk(0));

        assertThat(finished).isTrue();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(2)).isInstanceOf(LiveMessage.Result.class);
    }

    @Test
    void reportsEachStateChangeOnce() {
        LiveView view = new LiveView("j", 0, seq -> null, sent::add, () -> finished = true);
        Job running = job().dispatched("r", Instant.now()).running(Instant.now());

        view.onJob(running);
        view.onJob(running);

        assertThat(sent).hasSize(1).first().isInstanceOf(LiveMessage.State.class);
    }

    private List<Long> seqs() {
        return sent.stream().filter(m -> m instanceof LiveMessage.Output).map(m -> ((LiveMessage.Output) m).seq()).toList();
    }

    private static OutputChunk chunk(long seq) {
        return new OutputChunk("j", seq, StreamName.STDOUT, "line " + seq + "\n");
    }

    private static Job job() {
        return Job.queued("j", "xtend", "4.0.2", "4.0.2", "20", NetworkPolicy.INSTALL_ONLY, JobSource.REGISTRY, null, 3, Instant.now());
    }
}
