package io.nodechecker.model.constraint;

import io.nodechecker.model.generated.Cases;
import io.nodechecker.model.generated.Gen;
import io.nodechecker.model.generated.PrintSeedOnFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a client sends as a name or version, what is accepted is safe to hand on. */
@ExtendWith(PrintSeedOnFailure.class)
class PackageNamesProperties {

    private static final int NAMES = 2000;
    private static final int VERSIONS = 2000;
    private static final AtomicInteger acceptedNames = new AtomicInteger();
    private static final AtomicInteger acceptedVersions = new AtomicInteger();

    @ParameterizedTest
    @MethodSource("nameLike")
    void acceptedNamesAreShortLowercaseAndUrlSafe(String name) {
        if (PackageNames.nameProblem(name) == null) {
            acceptedNames.incrementAndGet();
            assertThat(name).hasSizeBetween(1, 214).isLowerCase().matches("[a-z0-9@/._~*-]+");
            assertThat(name).doesNotStartWith(".").doesNotStartWith("_").doesNotContain("//");
            // npm allows "a.." as a name; what must never pass is a path segment that climbs or stays.
            assertThat(name.split("/", -1)).doesNotContain("", ".", "..");
            assertThat(name.chars().filter(c -> c == '/').count()).isLessThanOrEqualTo(name.startsWith("@") ? 1 : 0);
        }
    }

    @ParameterizedTest
    @MethodSource("versionLike")
    void acceptedVersionsCarryNoShellOrPathSyntax(String version) {
        if (PackageNames.versionProblem(version) == null) {
            acceptedVersions.incrementAndGet();
            assertThat(version).matches("[A-Za-z0-9.+_-]+").doesNotContain("..").doesNotContain("/");
        }
    }

    @ParameterizedTest
    @MethodSource("anything")
    void anyStringGetsAnAnswerNotAnException(String anything) {
        PackageNames.nameProblem(anything);
        PackageNames.versionProblem(anything);
        PackageNames.splitSpec(anything);
    }

    /** The properties say something only if some generated inputs are accepted: a share of them must be. */
    @AfterAll
    static void enoughWereAccepted() {
        if (acceptedNames.get() + acceptedVersions.get() > 0) { // not when only the third property ran
            assertThat(acceptedNames.get()).as("accepted names of %d (seed %d)", NAMES, Cases.SEED).isGreaterThanOrEqualTo(NAMES / 10);
            assertThat(acceptedVersions.get()).as("accepted versions of %d (seed %d)", VERSIONS, Cases.SEED)
                    .isGreaterThanOrEqualTo(VERSIONS / 10);
        }
    }

    // Half anything, half close to valid, so that the "accepted" branch runs often enough to mean something.
    static Stream<Arguments> nameLike() {
        Gen<String> anything = Gen.strings("abcxyzAZ019-._~@/;$` \\|&()<>'\"!*é", 0, 230);
        Gen<String> plausible = Gen.strings("abcxyz019-._", 1, 40);
        Gen<String> scoped = random -> "@" + plausible.apply(random) + "/" + plausible.apply(random);
        return Cases.of(NAMES, Gen.oneOf(anything, plausible, scoped));
    }

    static Stream<Arguments> versionLike() {
        Gen<String> anything = Gen.strings("0123456789.-+abzAZ /;$`|&^~<>=*", 0, 40);
        Gen<Integer> number = Gen.integers(0, 120);
        // Half without a pre-release, which is valid whatever the numbers.
        Gen<String> tail = Gen.oneOf(Gen.just(""), Gen.strings("abz019.-+", 1, 12));
        Gen<String> semverLike = random -> {
            String rest = tail.apply(random);
            return number.apply(random) + "." + number.apply(random) + "." + number.apply(random)
                    + (rest.isEmpty() ? "" : "-" + rest);
        };
        return Cases.of(VERSIONS, Gen.oneOf(anything, semverLike));
    }

    static Stream<Arguments> anything() {
        return Cases.of(1000, Gen.anyStrings(300));
    }
}
