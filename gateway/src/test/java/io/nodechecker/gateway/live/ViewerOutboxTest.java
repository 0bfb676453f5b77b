package io.nodechecker.gateway.live;

import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ViewerOutboxTest {

    /** A socket that writes only when told to. */
    private static final class SlowWire implements ViewerOutbox.Wire {
        final List<Runnable> pending = new ArrayList<>();
        Integer closeCode;
        String closeReason;

        @Override
        public void send(String text, Runnable written) {
            pending.add(written);
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
            closeReason = reason;
        }

        void writeAll() {
            while (!pending.isEmpty()) {
                pending.remove(0).run();
            }
        }
    }

    private final SlowWire wire = new SlowWire();
    private long now;
    private final ViewerOutbox outbox = new ViewerOutbox(wire,
            message -> message instanceof LiveMessage.Output output ? output.data() : "{}", 7, () -> now);

    @Test
    void hasRoomWhileNothingIsOnItsWayAndCallsBackWhenTheLastMessageLeft() {
        int[] calledBack = {0};
        outbox.onRoom(() -> calledBack[0]++);
        assertThat(outbox.hasRoom()).isTrue();

        outbox.send(output(7, 4096));
        assertThat(outbox.hasRoom()).isFalse();
        outbox.send(new LiveMessage.State("state", null, null, 1)); // states and results are not held back
        assertThat(outbox.inFlight()).isEqualTo(4096 + 2);

        wire.pending.remove(0).run();
        assertThat(calledBack[0]).isZero();
        wire.writeAll();

        assertThat(outbox.hasRoom()).isTrue();
        assertThat(outbox.inFlight()).isZero();
        assertThat(calledBack[0]).isEqualTo(1);
    }

    @Test
    void aViewerThisGatewayCannotServeIsClosedOnceWithWhyAndWhereToResume() {
        outbox.send(output(7, 10));
        wire.writeAll();

        outbox.closeToResume("the stored log could not be read");
        outbox.closeToResume("again");

        assertThat(wire.closeCode).isEqualTo(ViewerOutbox.TRY_AGAIN);
        assertThat(wire.closeReason).isEqualTo("the stored log could not be read: reconnect with from=8");
        assertThat(outbox.hasRoom()).isFalse();
        outbox.send(output(8, 10));
        assertThat(wire.pending).isEmpty();
    }

    @Test
    void aSocketThatTakesNothingForTheStallTimeIsClosedWithWhereToResume() {
        outbox.send(output(7, 70_000));
        outbox.send(output(8, 10));
        now += 29_999;
        assertThat(outbox.closeIfStalled(30_000)).isFalse();

        now += 1;
        assertThat(outbox.closeIfStalled(30_000)).isTrue();

        assertThat(wire.closeCode).isEqualTo(ViewerOutbox.TRY_AGAIN);
        assertThat(wire.closeReason).isEqualTo("viewer too slow: reconnect with from=9");
        assertThat(outbox.isClosedAsTooSlow()).isTrue();
        assertThat(outbox.hasRoom()).isFalse();
    }

    @Test
    void aViewerWithNothingWaitingIsNeverStalledHoweverLongItIsQuiet() {
        outbox.send(output(7, 10));
        wire.writeAll();
        now += 3_600_000;

        assertThat(outbox.closeIfStalled(30_000)).isFalse();
        assertThat(wire.closeCode).isNull();
    }

    @Test
    void aSocketThatKeepsWritingIsNotStalledThoughItIsNeverEmpty() {
        for (int i = 0; i < 100; i++) {
            outbox.send(output(7 + i, 100));
            now += 1_000;
            wire.pending.remove(0).run();
            outbox.send(output(7 + i, 100));
            assertThat(outbox.closeIfStalled(30_000)).isFalse();
            wire.pending.remove(0).run();
        }
        assertThat(wire.closeCode).isNull();
    }

    @Test
    void finishingClosesNormally() {
        outbox.send(output(7, 10));
        outbox.finish();

        assertThat(wire.closeCode).isEqualTo(1000);
        assertThat(outbox.isClosedAsTooSlow()).isFalse();
        outbox.send(output(8, 10));
        assertThat(wire.pending).hasSize(1);
    }

    private static LiveMessage.Output output(long seq, int bytes) {
        return LiveMessage.Output.of(new OutputChunk("j", seq, StreamName.STDOUT, "x".repeat(bytes)));
    }
}
