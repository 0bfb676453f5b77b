package io.nodechecker.runner.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerProcessTest {

    @Test
    void thisProcessIsAliveSeenFromItsOwnHostOnly() {
        RunnerProcess self = RunnerProcess.current("host-a");

        assertThat(RunnerProcess.parse(self.label())).contains(self);
        assertThat(self.aliveSeenFrom("host-a")).isTrue();
        assertThat(self.aliveSeenFrom("host-b")).isFalse();
    }

    @Test
    void aReusedPidIsNotTheSameProcess() {
        RunnerProcess self = RunnerProcess.current("host-a");
        RunnerProcess earlier = new RunnerProcess("host-a", self.pid(), self.startedMillis() - 60_000);

        assertThat(earlier.aliveSeenFrom("host-a")).isFalse();
    }

    @Test
    void hostsWithSlashesAndBrokenLabelsAreRead() {
        assertThat(RunnerProcess.parse("pod/ns/12/34")).contains(new RunnerProcess("pod/ns", 12, 34));
        assertThat(RunnerProcess.parse("12/34")).isEmpty();
        assertThat(RunnerProcess.parse("h/x/34")).isEmpty();
        assertThat(RunnerProcess.parse(null)).isEmpty();
    }
}
