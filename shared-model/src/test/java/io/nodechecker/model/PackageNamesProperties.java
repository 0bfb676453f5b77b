package io.nodechecker.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a client sends as a name or version, what is accepted is safe to hand on. */
class PackageNamesProperties {

    @Property(tries = 2000)
    void acceptedNamesAreShortLowercaseAndUrlSafe(@ForAll("nameLike") String name) {
        if (PackageNames.nameProblem(name) == null) {
            assertThat(name).hasSizeBetween(1, 214).isLowerCase().matches("[a-z0-9@/._~*-]+");
            assertThat(name).doesNotStartWith(".").doesNotStartWith("_").doesNotContain("//");
            // npm allows "a.." as a name; what must never pass is a path segment that climbs or stays.
            assertThat(name.split("/", -1)).doesNotContain("", ".", "..");
            assertThat(name.chars().filter(c -> c == '/').count()).isLessThanOrEqualTo(name.startsWith("@") ? 1 : 0);
        }
    }

    @Property(tries = 2000)
    void acceptedVersionsCarryNoShellOrPathSyntax(@ForAll("versionLike") String version) {
        if (PackageNames.versionProblem(version) == null) {
            assertThat(version).matches("[A-Za-z0-9.+-_]+").doesNotContain("..").doesNotContain("/");
        }
    }

    @Property(tries = 1000)
    void anyStringGetsAnAnswerNotAnException(@ForAll String anything) {
        PackageNames.nameProblem(anything);
        PackageNames.versionProblem(anything);
        PackageNames.splitSpec(anything);
    }

    @Provide
    Arbitrary<String> nameLike() {
        return Arbitraries.strings().withChars("abcxyzAZ019-._~@/;$` \\|&()<>'\"!*é").ofMinLength(0).ofMaxLength(230);
    }

    @Provide
    Arbitrary<String> versionLike() {
        return Arbitraries.strings().withChars("0123456789.-+abzAZ /;$`|&^~<>=*").ofMinLength(0).ofMaxLength(40);
    }
}
