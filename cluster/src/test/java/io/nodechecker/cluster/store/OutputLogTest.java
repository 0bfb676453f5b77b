package io.nodechecker.cluster.store;

import io.nodechecker.cluster.JobEventFilter;
import io.nodechecker.cluster.ClusterOfOne;
import io.nodechecker.cluster.codec.OutputCodec;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's log over its attempts, in a real cluster of one: each attempt's chunks under its own keys, so the
 * two sides of a partition that both ran the job keep both, and a log reads as one attempt's story.
 */
class OutputLogTest {

    @RegisterExtension
    static final ClusterOfOne CLUSTER = new ClusterOfOne();

    @Test
    void twoAttemptsThatWroteTheSameNumbersAreBothKeptAndTheLogIsTheLatestAttempts() {
        OutputLog log = CLUSTER.output();
        String job = UUID.randomUUID().toString();
        // Attempt 1 wrote 0–5 on one side of a split; the other side took the job back after 0–2 and ran
        // attempt 2 from 3 on: both wrote numbers 3–5, and attempt 1 went further.
        write(log, job, 1, 0, 6, "first");
        write(log, job, 2, 3, 5, "second");

        assertThat(text(log, job, 2)).isEqualTo("first 0\nfirst 1\nfirst 2\nsecond 3\nsecond 4\n");
        // The record that won the merge names the attempt whose story the log tells: attempt 1's is whole.
        assertThat(text(log, job, 1)).isEqualTo("first 0\nfirst 1\nfirst 2\nfirst 3\nfirst 4\nfirst 5\n");
        assertThat(log.cache().get(OutputLog.key(job, 1, 4))).isNotNull();
        assertThat(log.cache().get(OutputLog.key(job, 2, 4))).isNotNull();
    }

    @Test
    void aGatewaysLineTakesTheNextNumberNoAttemptHolds() {
        OutputLog log = CLUSTER.output();
        String job = UUID.randomUUID().toString();
        write(log, job, 1, 0, 3, "out");

        long line = log.appendNext(job, 1, 0, StreamName.SYSTEM, "lost\n");
        write(log, job, 2, 4, 6, "again");

        assertThat(line).isEqualTo(3);
        assertThat(text(log, job, 2)).isEqualTo("out 0\nout 1\nout 2\nlost\nagain 4\nagain 5\n");
        assertThat(log.length(job, 2, 0)).isEqualTo(6);
        assertThat(log.length(job, 3, 0)).as("a third attempt numbers on after all of it").isEqualTo(6);
    }

    @Test
    void aNumberAnAttemptHoldsIsNotTakenByAGatewaysLine() {
        OutputLog log = CLUSTER.output();
        String job = UUID.randomUUID().toString();
        write(log, job, 1, 0, 2, "out");
        // Number 2 goes to the runner first; the line asked to start at 2 moves on to 3.
        write(log, job, 1, 2, 3, "raced");

        assertThat(log.appendNext(job, 1, 2, StreamName.SYSTEM, "cancelled\n")).isEqualTo(3);
        assertThat(text(log, job, 1)).isEqualTo("out 0\nout 1\nraced 2\ncancelled\n");
        assertThat(log.cache().get(OutputLog.key(job, OutputLog.GATEWAY, 2))).isNull();
    }

    @Test
    void aLogStoredBeforeKeysNamedTheAttemptIsStillRead() {
        OutputLog log = CLUSTER.output();
        String job = UUID.randomUUID().toString();
        for (long seq = 0; seq < 3; seq++) {
            log.cache().put(job + ":" + seq, OutputCodec.encode(StreamName.STDOUT, "old " + seq + "\n"));
        }
        assertThat(text(log, job, 1)).isEqualTo("old 0\nold 1\nold 2\n");
    }

    @Test
    void aChunksKeyNamesItsJobAttemptAndNumber() {
        String key = OutputLog.key("4b1d-9e", 2, 17);
        assertThat(OutputLog.jobIdOf(key)).isEqualTo("4b1d-9e");
        assertThat(OutputLog.seqOf(key)).isEqualTo(17);
        assertThat(new JobEventFilter("4b1d-9e").accept(key, null, null, null, null, null)).isTrue();
        assertThat(new JobEventFilter("4b1d").accept(key, null, null, null, null, null)).isFalse();
    }

    private static void write(OutputLog log, String job, int attempt, long from, long to, String word) {
        for (long seq = from; seq < to; seq++) {
            log.append(attempt, new OutputChunk(job, seq, StreamName.STDOUT, word + " " + seq + "\n")).join();
        }
    }

    private static String text(OutputLog log, String job, int attempts) {
        return log.readFrom(job, attempts, 0).stream().map(OutputChunk::data).collect(Collectors.joining());
    }
}
