package io.nodechecker.runner.job;

import io.nodechecker.model.TestCounts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestCountParserTest {

    @Test
    void readsTapeSummary() {
        assertThat(TestCountParser.parse("ok 1 a\nnot ok 2 b\n\n1..2\n# tests 2\n# pass  1\n# fail  1\n"))
                .isEqualTo(new TestCounts(1, 1, 0));
    }

    @Test
    void readsNodeTestSpecReporter() {
        assertThat(TestCountParser.parse("ℹ tests 4\nℹ suites 0\nℹ pass 3\nℹ fail 0\nℹ cancelled 0\nℹ skipped 1\n"))
                .isEqualTo(new TestCounts(3, 0, 1));
    }

    @Test
    void readsMochaThroughColours() {
        assertThat(TestCountParser.parse("\u001b[92m  12 passing\u001b[0m (30ms)\n\u001b[36m  2 pending\u001b[0m\n  1 failing\n"))
                .isEqualTo(new TestCounts(12, 1, 2));
    }

    @Test
    void readsJest() {
        assertThat(TestCountParser.parse("Test Suites: 1 passed, 1 total\nTests:       1 failed, 2 skipped, 7 passed, 10 total\n"))
                .isEqualTo(new TestCounts(7, 1, 2));
    }

    @Test
    void countsTapLinesWhenThereIsNoSummary() {
        assertThat(TestCountParser.parse("TAP version 13\nok 1 x\nok 2 y # SKIP later\nnot ok 3 z\n1..3\n"))
                .isEqualTo(new TestCounts(1, 1, 1));
    }

    @Test
    void saysNothingWithoutAnyCount() {
        assertThat(TestCountParser.parse("all good\n")).isNull();
    }
}
