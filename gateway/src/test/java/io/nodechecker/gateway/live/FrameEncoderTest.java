package io.nodechecker.gateway.live;

import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.StreamName;
import org.junit.jupiter.api.Test;

import static io.nodechecker.gateway.live.LiveViewTest.chunk;
import static io.nodechecker.gateway.live.LiveViewTest.job;
import static org.assertj.core.api.Assertions.assertThat;

class FrameEncoderTest {

    private final FrameEncoder frames = new FrameEncoder(Json.MAPPER);

    @Test
    void aRangeOfOutputIsEncodedOnceForAllViewers() {
        LiveFrame once = frames.frame(LiveMessage.Output.merged(3, 5, StreamName.STDOUT, "x"));
        LiveFrame again = frames.frame(LiveMessage.Output.merged(3, 5, StreamName.STDOUT, "x"));
        LiveFrame otherRange = frames.frame(LiveMessage.Output.merged(3, 4, StreamName.STDOUT, "x"));

        assertThat(again).isSameAs(once);
        assertThat(otherRange).isNotSameAs(once);
        assertThat(once.text()).isEqualTo("{\"type\":\"output\",\"seq\":5,\"first\":3,\"stream\":\"stdout\",\"data\":\"x\"}");
    }

    @Test
    void keepsOnlyTheLatestOutputFrames() {
        LiveFrame first = frames.frame(LiveMessage.Output.of(chunk(0)));
        for (long seq = 1; seq <= FrameEncoder.KEPT; seq++) {
            frames.frame(LiveMessage.Output.of(chunk(seq)));
        }

        assertThat(frames.frame(LiveMessage.Output.of(chunk(FrameEncoder.KEPT)))).isNotNull();
        assertThat(frames.frame(LiveMessage.Output.of(chunk(0)))).isNotSameAs(first);
    }

    @Test
    void theLatestStateIsEncodedOnceForAllViewersAndANewOneAgain() {
        LiveFrame queued = frames.frame(LiveMessage.State.of(job()));

        assertThat(frames.frame(LiveMessage.State.of(job()))).isSameAs(queued);
        LiveFrame running = frames.frame(LiveMessage.State.of(job().dispatched("r", java.time.Instant.now())
                .running(java.time.Instant.now())));
        assertThat(running).isNotSameAs(queued);
        assertThat(running.text()).contains("\"RUNNING\"");
    }
}
