package io.nodechecker.runner.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureSignatureTest {

    @Test
    void namesTheFirstFailingTapTestAndItsError() {
        String tap = """
                TAP version 13
                ok 1 parses
                not ok 2 - rejects a bad date (12ms)
                  ---
                  AssertionError [ERR_ASSERTION]: expected 1700000000 to equal 0 at /home/node/package/test/date.js:41:7
                  ...
                not ok 3 another one
                """;

        assertThat(FailureSignature.of(tap)).contains("rejects a bad date — AssertionError [ERR_ASSERTION]: expected N to"
                + " equal N at <path>:N:N");
    }

    @Test
    void readsTheSameFailureOnAnotherNightAsTheSame() {
        String monday = "  1) Parser\n       handles 3 inputs:\n     TypeError: cannot read 'x' of undefined (7ms)\n";
        String tuesday = "  1) Parser\n       handles 3 inputs:\n     TypeError: cannot read 'x' of undefined (19ms)\n";

        assertThat(FailureSignature.of(monday)).isEqualTo(FailureSignature.of(tuesday)).contains(
                "Parser — TypeError: cannot read 'x' of undefined");
    }

    @Test
    void takesJestsBulletAndAnErrorAlone() {
        assertThat(FailureSignature.of("  ● sum › adds 0xdeadbeef00 ids\n\n    expect(received).toBe(expected)\n"))
                .contains("sum › adds <id> ids");
        assertThat(FailureSignature.of("Error: Cannot find module 'left-pad'\n")).contains("Error: Cannot find module 'left-pad'");
        assertThat(FailureSignature.of("all good\n")).isEmpty();
    }
}
