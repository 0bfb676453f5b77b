package io.nodechecker.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTextTest {

    private static final String ESC = "\u001b";

    @Test
    void keepsColoursAndDropsEveryOtherSequenceAndControlCharacter() {
        TerminalText text = new TerminalText(true);

        String shown = text.filter("ok " + ESC + "[32mgreen" + ESC + "[0m\n"
                + ESC + "]52;c;ZXZpbA==" + "\u0007" + "clipboard untouched\n"
                + ESC + "]8;;https://evil.example" + ESC + "\\" + "link" + ESC + "]8;;" + ESC + "\\\n"
                + ESC + "[2J" + ESC + "[H" + "cleared nothing\u0008\u0000\n"
                + "\u009b31mone-byte CSI\u009d0;title\u0007\n");

        assertThat(shown).isEqualTo("ok " + ESC + "[32mgreen" + ESC + "[0m\nclipboard untouched\nlink\ncleared nothing\n"
                + ESC + "[31mone-byte CSI\n");
    }

    @Test
    void aSequenceSplitAcrossChunksIsStillJudgedWhole() {
        TerminalText text = new TerminalText(true);

        String shown = text.filter("a" + ESC + "]5") + text.filter("2;c;eA==") + text.filter("\u0007b" + ESC + "[3")
                + text.filter("1mc");

        assertThat(shown).isEqualTo("a" + "b" + ESC + "[31mc");
    }

    @Test
    void aPackagesLineThatStartsLikeNodecheckersOwnIsMarkedAndACarriageReturnCannotHideIt() {
        TerminalText pkg = new TerminalText(true);
        TerminalText own = new TerminalText(false);

        String shown = pkg.filter("done\r" + ESC + "[1;36m> node") + pkg.filter("checker: PASSED" + ESC + "[0m\n> not ours\n");

        assertThat(shown).isEqualTo("done\n(package) " + ESC + "[1;36m> nodechecker: PASSED" + ESC + "[0m\n> not ours\n");
        assertThat(own.filter(ESC + "[1;36m> nodechecker: FAILED: npm test exited with code 1" + ESC + "[0m\n"))
                .doesNotContain("(package)").contains("> nodechecker: FAILED");
        assertThat(pkg.filter("> no") + pkg.flush()).as("a last line that never ended").isEqualTo("> no");
        assertThat(TestCommand.safe("reason with " + ESC + "]52;c;eA==" + "\u0007" + "no clipboard")).isEqualTo("reason with no clipboard");
    }
}
