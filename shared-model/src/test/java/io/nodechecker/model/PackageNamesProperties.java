package io.nodechecker.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a client sends as a name or version, what is accepted is safe to hand on. */
class PackageNamesProperties {

    @Property(tries = 2000)
    void acceptedNamesAreShortLowercaseAndUrlSafe(@ForAll("nameLike") String name) {
        boolean accepted = PackageNames.nameProblem(name) == null;
        // The property says something only if some generated names are accepted: count them, and require a share.
        Statistics.label("accepted names").collect(accepted).coverage(c -> c.check(true).percentage(p -> p >= 10));
        if (accepted) {
            assertThat(name).hasSizeBetween(1, 214).isLowerCase().matches("[a-z0-9@/._~*-]+");
            assertThat(name).doesNotStartWith(".").doesNotStartWith("_").doesNotContain("//");
            // npm allows "a.." as a name; what must never pass is a path segment that climbs or stays.
            assertThat(name.split("/", -1)).doesNotContain("", ".", "..");
            assertThat(name.chars().filter(c -> c == '/').count()).isLessThanOrEqualTo(name.startsWith("@") ? 1 : 0);
        }
    }

    @Property(tries = 2000)
    void acceptedVersionsCarryNoShellOrPathSyntax(@ForAll("versionLike") String version) {
        boolean accepted = PackageNames.versionProblem(version) == null;
        Statistics.label("accepted versions").collect(accepted).coverage(c -> c.check(true).percentage(p -> p >= 10));
        if (accepted) {
            assertThat(version).matches("[A-Za-z0-9.+_-]+").doesNotContain("..").doesNotContain("/");
        }
    }

    @Property(tries = 1000)
    void anyStringGetsAnAnswerNotAnException(@ForAll String anything) {
        PackageNames.nameProblem(anything);
        PackageNames.versionProblem(anything);
        PackageNames.splitSpec(anything);
    }

    // Half anything, half close to valid, so that the "accepted" branch runs often enough to mean something.
    @Provide
    Arbitrary<String> nameLike() {
        Arbitrary<String> anything = Arbitraries.strings().withChars("abcxyzAZ019-._~@/;$` \\|&()<>'\"!*é")
                .ofMinLength(0).ofMaxLength(230);
        Arbitrary<String> plausible = Arbitraries.strings().withChars("abcxyz019-._").ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> scoped = Combinators.combine(plausible, plausible).as((scope, name) -> "@" + scope + "/" + name);
        return Arbitraries.oneOf(anything, plausible, scoped);
    }

    @Provide
    Arbitrary<String> versionLike() {
        Arbitrary<String> anything = Arbitraries.strings().withChars("0123456789.-+abzAZ /;$`|&^~<>=*")
                .ofMinLength(0).ofMaxLength(40);
        Arbitrary<Integer> number = Arbitraries.integers().between(0, 120);
        Arbitrary<String> tail = Arbitraries.strings().withChars("abz019.-+").ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> semverLike = Combinators.combine(number, number, number, tail)
                .as((major, minor, patch, rest) -> major + "." + minor + "." + patch + (rest.isEmpty() ? "" : "-" + rest));
        return Arbitraries.oneOf(anything, semverLike);
    }
}
