package io.nodechecker.runner.output;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8BoundaryTest {

    @Test
    void keepsACharacterSplitAcrossFramesWhole() {
        byte[] bytes = "a✓b😀c".getBytes(StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder();

        // Every possible cut into single bytes: the worst case of Docker's framing.
        Utf8Boundary boundary = new Utf8Boundary();
        for (byte b : bytes) {
            text.append(boundary.decode(new byte[] {b}));
        }

        assertThat(text.toString()).isEqualTo("a✓b😀c");
    }

    @Test
    void holdsBackOnlyAnIncompleteTail() {
        byte[] bytes = "ok✓".getBytes(StandardCharsets.UTF_8);
        Utf8Boundary boundary = new Utf8Boundary();

        String first = boundary.decode(Arrays.copyOf(bytes, bytes.length - 1));
        String second = boundary.decode(new byte[] {bytes[bytes.length - 1]});

        assertThat(first).isEqualTo("ok");
        assertThat(second).isEqualTo("✓");
        assertThat(boundary.flush()).isEmpty();
    }

    @Test
    void flushesWhatIsLeftAtTheEndOfTheStream() {
        Utf8Boundary boundary = new Utf8Boundary();

        boundary.decode(new byte[] {'x', (byte) 0xE2});

        assertThat(boundary.flush()).isEqualTo("\uFFFD");
    }
}
