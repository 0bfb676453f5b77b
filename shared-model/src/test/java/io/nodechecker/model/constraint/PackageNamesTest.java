package io.nodechecker.model.constraint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PackageNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"xtend", "left-pad", "@types/node", "lodash.merge", "a", "@scope/a-b_c~d", "a.."})
    void acceptsNamesNpmAccepts(String name) {
        assertThat(PackageNames.nameProblem(name)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../x", "a;rm -rf /", "Xtend", ".hidden", "_private", "a b", "node_modules",
            "@scope/", "a/b", "xtеnd", "$(reboot)", "a|b", "@/x", "@a/..", "..", "@../x"})
    void refusesNamesNpmRefuses(String name) {
        assertThat(PackageNames.nameProblem(name)).isNotNull();
    }

    @Test
    void acceptsNamesOfExactly214Characters() {
        assertThat(PackageNames.nameProblem("x".repeat(214))).isNull();
    }

    @Test
    void refusesNamesLongerThan214Characters() {
        assertThat(PackageNames.nameProblem("x".repeat(215))).contains("214");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "4.0.2", "1.0.0-beta.1", "1.0.0+build.5", "latest", "next", "beta-2"})
    void acceptsExactVersionsAndDistTags(String version) {
        assertThat(PackageNames.versionProblem(version)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"^1.0.0", "~1.2", "1.x", ">=2", "01.0.0", "1.0", "4.0.2; ls", "", "1.0.0 || 2.0.0", "Z..", "next..x"})
    void refusesRangesAndJunk(String version) {
        assertThat(PackageNames.versionProblem(version)).isNotNull();
    }

    @Test
    void splitsScopedAndPlainSpecs() {
        assertThat(PackageNames.splitSpec("xtend@4.0.2")).containsExactly("xtend", "4.0.2");
        assertThat(PackageNames.splitSpec("@types/node@next")).containsExactly("@types/node", "next");
        assertThat(PackageNames.splitSpec("@types/node")).containsExactly("@types/node", "latest");
        assertThat(PackageNames.splitSpec("left-pad")).containsExactly("left-pad", "latest");
    }

    @Test
    void packagesPublishedBeforeNpmRequiredLowercaseKeepTheirCapitals() {
        assertThat(PackageNames.publishedNameProblem("JSONStream")).isNull();
        assertThat(PackageNames.nameProblem("JSONStream")).isEqualTo("package name must be lowercase");
        assertThat(PackageNames.publishedNameProblem("JSON Stream")).contains("URL-safe");
        assertThat(PackageNames.publishedNameProblem("../JSONStream")).isNotNull();
    }
}
