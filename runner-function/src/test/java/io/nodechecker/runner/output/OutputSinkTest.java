package io.nodechecker.runner.output;

import io.nodechecker.cluster.ClusterOfOne;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How a job's output is numbered, gathered, capped and fenced on its way into a real cluster of one. */
class OutputSinkTest {

    @RegisterExtension
    static final ClusterOfOne CLUSTER = new ClusterOfOne();

    @Test
    void gathersOneStreamIntoAChunkAndStartsAnotherWhenTheStreamChanges() {
        String job = UUID.randomUUID().toString();
        OutputSink sink = new OutputSink(job, 1, CLUSTER.output(), 3, 1 << 20, () -> { }, () -> true);

        // Holding the sink keeps its flusher out: what is written meanwhile is gathered, whatever the timing.
        synchronized (sink) {
            sink.write(StreamName.STDOUT, "a\n");
            sink.write(StreamName.STDOUT, "b\n");
            sink.write(StreamName.STDERR, "c\n");
            sink.write(StreamName.STDOUT, "d\n");
        }
        sink.await();

        // Numbered on from where the job's output stood (3: an earlier attempt's lines come before).
        assertThat(CLUSTER.output().readFrom(job, 1, 3)).containsExactly(
                new OutputChunk(job, 3, StreamName.STDOUT, "a\nb\n"),
                new OutputChunk(job, 4, StreamName.STDERR, "c\n"),
                new OutputChunk(job, 5, StreamName.STDOUT, "d\n"));
        assertThat(sink.chunkCount()).isEqualTo(6);
    }

    @Test
    void aFloodIsStoredInChunksOfAtMostMaxChunkCharsWithNothingLostOrReordered() {
        String job = UUID.randomUUID().toString();
        OutputSink sink = new OutputSink(job, 1, CLUSTER.output(), 0, 64 << 20, () -> { }, () -> true);
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            String line = "line " + i + "\n";
            sink.write(StreamName.STDOUT, line);
            written.append(line);
        }
        sink.await();

        List<OutputChunk> chunks = CLUSTER.output().readFrom(job, 1, 0);
        assertThat(chunks).hasSizeGreaterThan(1)
                .allMatch(chunk -> chunk.data().length() <= OutputSink.MAX_CHUNK_CHARS);
        assertThat(chunks.stream().map(OutputChunk::seq).toList())
                .isEqualTo(java.util.stream.LongStream.range(0, chunks.size()).boxed().toList());
        assertThat(chunks.stream().map(OutputChunk::data).collect(Collectors.joining())).isEqualTo(written.toString());
    }

    @Test
    void countsTheBytesTextTakesInUtf8() {
        for (String text : List.of("", "plain ascii\n", "café ü", "日本語のテスト", "emoji 😀 and 🇩🇪 flags",
                "\u0000\u007f\u0080\u07ff\u0800\uffff", "\ud83d\ude00".repeat(3) + "é")) {
            assertThat(OutputSink.utf8Length(text)).as(text)
                    .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void pastTheCapItSaysSoOnceStopsTheJobAndDropsTheRest() {
        String job = UUID.randomUUID().toString();
        AtomicInteger stops = new AtomicInteger();
        OutputSink sink = new OutputSink(job, 1, CLUSTER.output(), 0, 10, stops::incrementAndGet, () -> true);

        sink.write(StreamName.STDOUT, "12345678\n");
        sink.write(StreamName.STDOUT, "too much\n");
        sink.write(StreamName.STDERR, "more\n");
        sink.await();

        assertThat(sink.capped()).isTrue();
        assertThat(stops).hasValue(1);
        assertThat(CLUSTER.output().readFrom(job, 1, 0)).containsExactly(
                new OutputChunk(job, 0, StreamName.STDOUT, "12345678\n"),
                new OutputChunk(job, 1, StreamName.SYSTEM,
                        "\n" + OutputChunk.systemLine("output passed 10 bytes; the rest is dropped and the job is stopped")));
    }

    @Test
    void anAttemptTakenAwayStoresNothingMoreAndIsStopped() {
        String job = UUID.randomUUID().toString();
        AtomicInteger stops = new AtomicInteger();
        OutputSink sink = new OutputSink(job, 1, CLUSTER.output(), 0, 1 << 20, stops::incrementAndGet, () -> false);

        sink.system("starting");
        sink.write(StreamName.STDOUT, "output of an attempt no longer this runner's\n");
        sink.await();

        assertThat(CLUSTER.output().readFrom(job, 1, 0)).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stops).hasValue(1));
    }

    @Test
    void nodecheckersOwnLinesGoBetweenTheOutputInOrder() {
        String job = UUID.randomUUID().toString();
        OutputSink sink = new OutputSink(job, 1, CLUSTER.output(), 0, 1 << 20, () -> { }, () -> true);

        sink.write(StreamName.STDOUT, "before\n");
        sink.system("npm install");
        sink.write(StreamName.STDOUT, "after\n");
        sink.await();

        assertThat(CLUSTER.output().readFrom(job, 1, 0)).extracting(OutputChunk::stream, OutputChunk::data).containsExactly(
                org.assertj.core.groups.Tuple.tuple(StreamName.STDOUT, "before\n"),
                org.assertj.core.groups.Tuple.tuple(StreamName.SYSTEM, OutputChunk.systemLine("npm install")),
                org.assertj.core.groups.Tuple.tuple(StreamName.STDOUT, "after\n"));
    }
}
