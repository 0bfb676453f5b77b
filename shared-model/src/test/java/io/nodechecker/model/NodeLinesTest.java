package io.nodechecker.model;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class NodeLinesTest {

    @Test
    void node20IsOutOfSupportAfterItsEndOfLife() {
        assertThat(NodeLines.supported(LocalDate.parse("2026-04-29"))).contains("20");
        assertThat(NodeLines.supported(LocalDate.parse("2026-04-30"))).doesNotContain("20");
    }

    @Test
    void theSupportedLinesAtTheEndOf2026AreTheThreeEvenOnes() {
        assertThat(NodeLines.supported(LocalDate.parse("2026-11-27"))).containsExactly("22", "24", "26");
    }

    @Test
    void theActiveLtsMovesWhenTheNextLineBecomesLts() {
        assertThat(NodeLines.activeLts(LocalDate.parse("2026-10-19"))).isEqualTo("24");
        // Between 24's maintenance start and 26's LTS start no line is active: the newest LTS is it.
        assertThat(NodeLines.activeLts(LocalDate.parse("2026-10-21"))).isEqualTo("24");
        assertThat(NodeLines.activeLts(LocalDate.parse("2026-10-28"))).isEqualTo("26");
    }

    @Test
    void oddLinesAreNeverTheLts() {
        assertThat(NodeLines.activeLts(LocalDate.parse("2025-11-01"))).isEqualTo("24");
        assertThat(NodeLines.line("25").orElseThrow().lts()).isNull();
    }

    @Test
    void eachLineNamesTheNpmMajorItShips() {
        assertThat(NodeLines.line("22").orElseThrow().npm()).isEqualTo("10");
        assertThat(NodeLines.line("26").orElseThrow().npm()).isEqualTo("11");
    }
}
