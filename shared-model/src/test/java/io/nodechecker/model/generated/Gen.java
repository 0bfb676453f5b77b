package io.nodechecker.model.generated;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A generator of inputs for property checks: a function of a seeded {@link Random}, so that one seed
 * always gives the same input. Combinators cover what the checks need and nothing more.
 */
@FunctionalInterface
public interface Gen<T> extends Function<Random, T> {

    /** Strings of {@code min} to {@code max} characters drawn from {@code chars}. */
    static Gen<String> strings(String chars, int min, int max) {
        int[] points = chars.codePoints().toArray();
        return random -> {
            int length = min + random.nextInt(max - min + 1);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.appendCodePoint(points[random.nextInt(points.length)]);
            }
            return text.toString();
        };
    }

    /**
     * Strings of up to {@code max} characters of any kind: mostly printable ASCII, with control
     * characters, the rest of the Basic Multilingual Plane, lone surrogates and characters beyond it.
     */
    static Gen<String> anyStrings(int max) {
        return random -> {
            int length = random.nextInt(max + 1);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(10);
                if (kind < 6) {
                    text.append((char) (0x20 + random.nextInt(0x5f)));
                } else if (kind < 7) {
                    text.append((char) random.nextInt(0x20));
                } else if (kind < 9) {
                    text.append((char) random.nextInt(0x10000));
                } else {
                    text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                }
            }
            return text.toString();
        };
    }

    static Gen<Integer> integers(int min, int max) {
        return random -> min + random.nextInt(max - min + 1);
    }

    /** Any int, the edges and small numbers more often than the rest. */
    static Gen<Integer> anyIntegers() {
        List<Integer> edges = List.of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE);
        return random -> switch (random.nextInt(4)) {
            case 0 -> edges.get(random.nextInt(edges.size()));
            case 1 -> random.nextInt(2001) - 1000;
            default -> random.nextInt();
        };
    }

    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    /** One of {@code choices}, each as likely as the others. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... choices) {
        return random -> choices[random.nextInt(choices.length)].apply(random);
    }

    /** {@code likely} {@code weight} times as often as {@code rare}. */
    static <T> Gen<T> weighted(int weight, Gen<? extends T> likely, Gen<? extends T> rare) {
        return random -> random.nextInt(weight + 1) < weight ? likely.apply(random) : rare.apply(random);
    }

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(apply(random));
    }
}
