package io.nodechecker.gateway.batch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackLanesTest {

    @Test
    void aDestinationWithAllItsPlacesTakenHoldsUpNoOtherDestination() {
        CallbackLanes lanes = new CallbackLanes(2, 10);
        String tarpit = CallbackLanes.destination("https://tarpit.example/a");

        assertThat(lanes.tryEnter(tarpit)).isTrue();
        assertThat(lanes.tryEnter(CallbackLanes.destination("https://TARPIT.example:443/b"))).isTrue();
        assertThat(lanes.tryEnter(tarpit)).isFalse();
        assertThat(lanes.tryEnter(CallbackLanes.destination("https://ci.example/done"))).isTrue();
        assertThat(lanes.tryEnter(CallbackLanes.destination("http://tarpit.example/a"))).isTrue();

        lanes.leave(tarpit);
        assertThat(lanes.tryEnter(tarpit)).isTrue();
    }

    @Test
    void noMoreThanTheCapInAll() {
        CallbackLanes lanes = new CallbackLanes(2, 3);

        assertThat(lanes.tryEnter("a")).isTrue();
        assertThat(lanes.tryEnter("b")).isTrue();
        assertThat(lanes.tryEnter("c")).isTrue();
        assertThat(lanes.tryEnter("d")).isFalse();
        lanes.leave("b");
        assertThat(lanes.tryEnter("d")).isTrue();
    }
}
