package io.nodechecker.gateway.live;

import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JobFanOutTest {

    /** An event loop whose tasks run only when the test says so. */
    private static final class Loop implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        }
    }

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    // Every audience a large one, with no linger: batches go by event loop, back to back.
    private final JobFanOut fanOut = new JobFanOut(timer, 1, Duration.ZERO);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void chunksThatComeWhileABatchIsOnItsWayGoTogetherInTheNext() {
        Loop loop = new Loop();
        TestSocket sent = new TestSocket();
        fanOut.add(view(sent), loop);

        fanOut.onChunk(chunk(0));
        fanOut.onChunk(chunk(1));
        fanOut.onChunk(chunk(2));
        assertThat(loop.tasks).as("one batch on its way at a time").hasSize(1);
        loop.runAll();

        assertThat(sent.sent).hasSize(2);
        assertThat(((LiveMessage.Output) sent.sent.get(0)).seq()).isZero();
        LiveMessage.Output joined = (LiveMessage.Output) sent.sent.get(1);
        assertThat(joined.first()).isEqualTo(1L);
        assertThat(joined.seq()).isEqualTo(2L);
        assertThat(joined.data()).isEqualTo("line 1\nline 2\n");
    }

    @Test
    void viewersOnOneLoopShareATaskAndEachLoopGetsOne() {
        Loop first = new Loop();
        Loop second = new Loop();
        TestSocket a = new TestSocket();
        TestSocket b = new TestSocket();
        TestSocket c = new TestSocket();
        fanOut.add(view(a), first);
        fanOut.add(view(b), first);
        fanOut.add(view(c), second);

        fanOut.onChunk(chunk(0));
        assertThat(first.tasks).hasSize(1);
        assertThat(second.tasks).hasSize(1);
        fanOut.onChunk(chunk(1));
        first.runAll();
        assertThat(second.tasks).as("the next batch waits for every loop").hasSize(1);
        assertThat(first.tasks).isEmpty();
        second.runAll();
        first.runAll();
        second.runAll();

        for (TestSocket sent : List.of(a, b, c)) {
            assertThat(sent.sent).extracting(m -> ((LiveMessage.Output) m).seq()).containsExactly(0L, 1L);
        }
    }

    @Test
    void viewersInStepAreWrittenTheSameFrameEncodedOnce() {
        FrameEncoder frames = new FrameEncoder(Json.MAPPER);
        Loop first = new Loop();
        Loop second = new Loop();
        TestSocket a = new TestSocket();
        TestSocket b = new TestSocket();
        fanOut.add(view(a, frames), first);
        fanOut.add(view(b, frames), second);

        fanOut.onChunk(chunk(0));
        first.runAll();
        second.runAll();

        assertThat(a.frames).hasSize(1);
        assertThat(b.frames).singleElement().isSameAs(a.frames.get(0));
    }

    @Test
    void aViewerThatLeftGetsNothingMore() {
        TestSocket sent = new TestSocket();
        ViewerOutbox view = view(sent);
        fanOut.add(view, Runnable::run);
        fanOut.onChunk(chunk(0));

        assertThat(fanOut.remove(view)).isTrue();
        assertThat(fanOut.isEmpty()).isTrue();
        fanOut.onChunk(chunk(1));

        assertThat(sent.sent).hasSize(1);
        assertThat(fanOut.remove(view)).isFalse();
    }

    @Test
    void aLargeAudienceGetsBatchesNoCloserThanTheLinger() throws Exception {
        JobFanOut lingering = new JobFanOut(timer, 2, Duration.ofMillis(300));
        TestSocket a = new TestSocket();
        TestSocket b = new TestSocket();
        lingering.add(view(a), Runnable::run);
        lingering.add(view(b), Runnable::run);

        lingering.onChunk(chunk(0));
        lingering.onChunk(chunk(1));
        lingering.onChunk(chunk(2));

        assertThat(a.sent).as("the first batch goes at once").hasSize(1);
        assertThat(timer.getQueue()).as("the next waits for the linger").hasSize(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(b.sent).hasSize(2));
        LiveMessage.Output joined = (LiveMessage.Output) b.sent.get(1);
        assertThat(joined.first()).isEqualTo(1L);
        assertThat(joined.seq()).isEqualTo(2L);
        assertThat(a.sent).hasSize(2);
    }

    @Test
    void aSmallAudienceGetsEveryBatchAtOnceFromTheThreadThatBroughtIt() {
        JobFanOut prompt = new JobFanOut(timer, 2, Duration.ofHours(1));
        TestSocket sent = new TestSocket();
        Loop loop = new Loop();
        prompt.add(view(sent), loop);

        prompt.onChunk(chunk(0));
        prompt.onChunk(chunk(1));

        assertThat(sent.sent).hasSize(2);
        assertThat(loop.tasks).isEmpty();
        assertThat(timer.getQueue()).isEmpty();
    }

    private static ViewerOutbox view(TestSocket socket) {
        return view(socket, new FrameEncoder(Json.MAPPER));
    }

    private static ViewerOutbox view(TestSocket socket, FrameEncoder frames) {
        return new ViewerOutbox("a test viewer", new LiveView("j", 0, 1, (attempts, seq) -> null), socket, frames,
                new LogReads(task -> { }, null, List.of()), 0, () -> 0L);
    }

    private static OutputChunk chunk(long seq) {
        return new OutputChunk("j", seq, StreamName.STDOUT, "line " + seq + "\n");
    }
}
