package io.nodechecker.gateway.live;

import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.JobState;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.nodechecker.gateway.live.LiveViewTest.job;
import static org.assertj.core.api.Assertions.assertThat;

/** A viewer's socket as its {@link ViewerOutbox} fills it: room, stalls, where to resume. */
class ViewerOutboxTest {

    private final TestSocket socket = new TestSocket().holding();
    private final List<Runnable> handedOn = new ArrayList<>();
    private long now;
    private final ViewerOutbox outbox = new ViewerOutbox("a test viewer", new LiveView("j", 7, 1, (attempts, seq) -> null),
            socket, new FrameEncoder(Json.MAPPER), new LogReads(handedOn::add, null, List.of()), 7, () -> now);

    @Test
    void hasRoomWhileNothingIsOnItsWayAndSendsWhatCameMeanwhileOnceTheLastMessageLeft() {
        assertThat(outbox.hasRoom()).isTrue();

        outbox.offer(List.of(output(7, 4096)));
        assertThat(outbox.hasRoom()).isFalse();
        outbox.job(job().dispatched("r", Instant.now()).running(Instant.now())); // states are not held back
        outbox.offer(List.of(output(8, 10)));
        assertThat(socket.sent).hasSize(2);
        assertThat(outbox.inFlight()).isEqualTo(socket.sizes.get(0) + socket.sizes.get(1)).isGreaterThan(4096);

        socket.writeOne();
        assertThat(socket.sent).hasSize(2);
        socket.writeOne();

        assertThat(socket.seqs()).containsExactly(7L, 8L);
        socket.writeAll();
        assertThat(outbox.hasRoom()).isTrue();
        assertThat(outbox.inFlight()).isZero();
    }

    @Test
    void aViewerThisGatewayCannotServeIsClosedOnceWithWhyAndWhereToResume() {
        outbox.offer(List.of(output(7, 10)));
        socket.writeAll();

        outbox.closeToResume("the stored log could not be read");
        outbox.closeToResume("again");

        assertThat(socket.closeCode).isEqualTo(ViewerOutbox.TRY_AGAIN);
        assertThat(socket.closeReason).isEqualTo("the stored log could not be read: reconnect with from=8");
        assertThat(outbox.hasRoom()).isFalse();
        outbox.offer(List.of(output(8, 10)));
        assertThat(socket.sent).hasSize(1);
    }

    @Test
    void aSocketThatTakesNothingForTheStallTimeIsClosedWithWhereToResume() {
        outbox.offer(List.of(output(7, 70_000)));
        outbox.offer(List.of(output(8, 10)));
        now += 29_999;
        assertThat(outbox.closeIfStalled(30_000)).isFalse();

        now += 1;
        assertThat(outbox.closeIfStalled(30_000)).isTrue();

        assertThat(socket.closeCode).isEqualTo(ViewerOutbox.TRY_AGAIN);
        assertThat(socket.closeReason).as("8 was never handed to the socket").isEqualTo("viewer too slow: reconnect with from=8");
        assertThat(outbox.hasRoom()).isFalse();
    }

    @Test
    void aViewerWithNothingWaitingIsNeverStalledHoweverLongItIsQuiet() {
        outbox.offer(List.of(output(7, 10)));
        socket.writeAll();
        now += 3_600_000;

        assertThat(outbox.closeIfStalled(30_000)).isFalse();
        assertThat(socket.closeCode).isNull();
    }

    @Test
    void aSocketThatKeepsWritingIsNotStalledThoughItIsNeverEmpty() {
        outbox.offer(List.of(output(7, 100)));
        for (int i = 1; i < 100; i++) {
            outbox.offer(List.of(output(7 + i, 100)));
            now += 1_000;
            socket.writeOne(); // the next goes on its way
            assertThat(outbox.closeIfStalled(30_000)).isFalse();
        }
        assertThat(socket.closeCode).isNull();
        assertThat(socket.seqs()).hasSize(100);
    }

    @Test
    void theResultClosesNormallyAfterTheOutput() {
        outbox.offer(List.of(output(7, 10)));
        outbox.job(job().finished(JobState.PASSED, "ok", 0, 8, Instant.now()));

        assertThat(socket.sent.get(1)).isInstanceOf(LiveMessage.Result.class);
        assertThat(socket.closeCode).isEqualTo(1000);
        assertThat(outbox.closeIfStalled(0)).as("a closed viewer is not closed again").isFalse();
    }

    @Test
    void aWriteThatFailsEndsTheViewerNothingMoreIsWritten() {
        outbox.offer(List.of(output(7, 10)));
        outbox.offer(List.of(output(8, 10)));

        socket.failPending();
        outbox.offer(List.of(output(9, 10)));

        assertThat(socket.seqs()).containsExactly(7L);
        assertThat(outbox.hasRoom()).isFalse();
        assertThat(handedOn).isEmpty();
    }

    private static OutputChunk output(long seq, int bytes) {
        return new OutputChunk("j", seq, StreamName.STDOUT, "x".repeat(bytes));
    }
}
