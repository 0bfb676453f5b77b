package io.nodechecker.model.generated;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generated cases for JUnit's parameterised tests. Every case is named with the run's seed, so a failure
 * says how to replay it: {@code -Dnodechecker.seed=<seed>} gives the same cases in the same order. Without
 * it, each run draws a new seed.
 */
public final class Cases {

    /** This run's seed: the system property when given, else a new one. */
    public static final long SEED = Long.getLong("nodechecker.seed", new Random().nextLong());

    private Cases() {
    }

    /** {@code count} inputs from {@code gen}, the n-th drawn from the run's seed and n alone (scrambled). */
    public static <T> Stream<Arguments> of(int count, Gen<T> gen) {
        return IntStream.range(0, count).mapToObj(n -> {
            T value = gen.apply(new Random(mix(SEED + n * 0x9E3779B97F4A7C15L)));
            return Arguments.of(Named.of("case " + n + " of seed " + SEED + ": " + shown(value), value));
        });
    }

    /**
     * SplitMix64's finaliser: java.util.Random's first draws from neighbouring seeds are alike, so the n-th
     * case's seed is scrambled, or most cases of a run would take the same branches.
     */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // A name stays readable: control characters are escaped and long inputs cut.
    private static String shown(Object value) {
        String text = String.valueOf(value);
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > 80 ? shown + "…" : shown.toString();
    }
}
