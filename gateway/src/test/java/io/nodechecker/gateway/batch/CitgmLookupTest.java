package io.nodechecker.gateway.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.model.BatchEntry;
import io.nodechecker.model.CodeHints;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** CITGM's real lookup.json, as it is, becomes batch entries. */
class CitgmLookupTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> RELEASES = Map.of("20", "20.20.2", "22", "22.23.3", "26", "26.12.1");

    @Test
    void everyModuleOfTheRealTableBecomesOneEntryPerNode() throws Exception {
        JsonNode lookup = lookup();

        CitgmLookup.Converted converted = CitgmLookup.convert(lookup, List.of("22", "26"), List.of(), List.of(),
                RELEASES, 3600);

        assertThat(CitgmLookup.isLookup(lookup)).isTrue();
        assertThat(lookup.size()).isEqualTo(85);
        assertThat(converted.entries()).hasSize(170);
        assertThat(converted.entries()).allSatisfy(entry -> assertThat(entry.version()).isEqualTo("latest"));
        assertThat(converted.notes()).isEmpty();
    }

    @Test
    void platformConditionsOfOtherSystemsDoNotSkipOnLinuxX64() throws Exception {
        Map<String, BatchEntry> on22 = byName(CitgmLookup.convert(lookup(), List.of("22"), List.of(), List.of(),
                RELEASES, 3600).entries());

        // "skip": ["aix", "ppc", "s390", "win32"] and "skip": "win32": none of them is this platform.
        assertThat(on22.get("@babel/core").skipped()).isFalse();
        assertThat(on22.get("JSONStream").skipped()).isFalse();
        // "flaky": true is flaky everywhere; "flaky": "win32" is not flaky here.
        assertThat(on22.get("@clinic/doctor").isFlaky()).isTrue();
        assertThat(on22.get("binary-split").isFlaky()).isFalse();
        // "expectFail": "fips": this Node has no FIPS.
        assertThat(on22.get("bl").failureExpected()).isFalse();
    }

    @Test
    void carriesScriptsEnvironmentInstallFlagsTimeoutsAndWhereTheCodeIsAndNotesWhatItCannotHonour() throws Exception {
        Map<String, BatchEntry> entries = byName(CitgmLookup.convert(lookup(), List.of("22"), List.of(), List.of(),
                RELEASES, 3600).entries());

        BatchEntry jest = entries.get("jest");
        assertThat(jest.script()).isEqualTo("npm run build:js && npm run remove-examples && npm run test-ci-partial");
        assertThat(jest.env()).containsEntry("CI", "true");
        assertThat(jest.installArgs()).containsExactly("--no-immutable");
        assertThat(jest.timeoutSeconds()).isEqualTo(1800);
        assertThat(entries.get("ws").script()).isEqualTo("npm run test -- --timeout 30000");
        assertThat(entries.get("thread-sleep").installArgs()).containsExactly("--build-from-source");
        assertThat(entries.get("@yarnpkg/cli").timeoutSeconds()).isEqualTo(3000);
        assertThat(entries.get("@yarnpkg/cli").notes()).anyMatch(note -> note.startsWith("head: not honoured"))
                .noneMatch(note -> note.startsWith("yarn:") || note.startsWith("repo:"));
        assertThat(entries.get("@yarnpkg/cli").codeHints())
                .isEqualTo(new CodeHints(null, "https://github.com/yarnpkg/berry", false, "yarn"));
        // useGitClone: the repository at the tag prefix + version, as CITGM clones it.
        assertThat(entries.get("undici").code()).isEqualTo("repository");
        assertThat(entries.get("undici").codeHints()).isEqualTo(new CodeHints("v", null, false, null));
        assertThat(entries.get("undici").notes()).anyMatch(note -> note.startsWith("submodules: not honoured"))
                .noneMatch(note -> note.startsWith("useGitClone:") || note.startsWith("prefix:"));
        assertThat(entries.get("jquery").codeHints().ignoreGitHead()).isTrue();
        assertThat(entries.get("semver").env()).isNull();
        assertThat(entries.get("semver").notes()).contains("envVar npm_config_ignore_scripts: not honoured, the sandbox sets it");
        assertThat(entries.get("JSONStream").notes()).isNull();
        assertThat(entries.get("JSONStream").code()).isNull();
        assertThat(entries.get("JSONStream").codeHints().tagPrefix()).isEqualTo("v");
    }

    @Test
    void aTimeoutLongerThanTheGatewaysLimitIsCutAndSaidSo() throws Exception {
        BatchEntry yarn = byName(CitgmLookup.convert(lookup(), List.of("22"), List.of("@yarnpkg/cli"), List.of(),
                RELEASES, 1200).entries()).get("@yarnpkg/cli");

        assertThat(yarn.timeoutSeconds()).isEqualTo(1200);
        assertThat(yarn.notes()).contains("timeout: 3000 s cut to this gateway's longest test limit of 1200 s");
    }

    @Test
    void tagsFilterLikeCitgmAllWithTheModuleNameAsATag() throws Exception {
        JsonNode lookup = lookup();

        List<String> nativeOnes = names(CitgmLookup.convert(lookup, List.of("22"), List.of("native"), List.of(),
                RELEASES, 3600));
        List<String> withoutNative = names(CitgmLookup.convert(lookup, List.of("22"), List.of(), List.of("native"),
                RELEASES, 3600));
        CitgmLookup.Converted two = CitgmLookup.convert(lookup, List.of("22"), List.of("JSONStream", "duplexify"),
                List.of(), RELEASES, 3600);

        assertThat(nativeOnes).contains("bcrypt", "leveldown", "sqlite3").doesNotContain("JSONStream");
        assertThat(withoutNative).hasSize(85 - nativeOnes.size()).doesNotContain("bcrypt");
        assertThat(names(two)).containsExactly("JSONStream", "duplexify");
        assertThat(two.notes()).containsExactly("83 of 85 modules left out by includeTags [JSONStream, duplexify] / excludeTags []");
    }

    @Test
    void conditionsAreSemverRangesOfTheNodeReleaseOrPatternsOfThePlatform() throws Exception {
        CitgmConditions node22 = new CitgmConditions("22.23.3");
        JsonNode conditions = MAPPER.readTree("""
                {"a": true, "b": ">=24", "c": ["win32", "<23"], "d": {"linux": "x64"}, "e": {"linux": ["s390"]},
                 "f": "v22", "g": ["aix", {"darwin": true}], "h": false}""");

        assertThat(node22.matches(conditions.path("a"))).isTrue();
        assertThat(node22.matches(conditions.path("b"))).isFalse();
        assertThat(node22.matches(conditions.path("c"))).isTrue();
        assertThat(node22.matches(conditions.path("d"))).isTrue();
        assertThat(node22.matches(conditions.path("e"))).isFalse();
        assertThat(node22.matches(conditions.path("f"))).isTrue();
        assertThat(node22.matches(conditions.path("g"))).isFalse();
        assertThat(node22.matches(conditions.path("h"))).isFalse();
        assertThat(new CitgmConditions("26.12.1").matches(conditions.path("b"))).isTrue();
    }

    @Test
    void aCallersBacktrackingPatternIsMatchedInLinearTime() {
        // 81 characters that took a backtracking matcher 41 s for one batch; each added ".*" doubled it.
        String catastrophic = ".*".repeat(40) + "#";
        CitgmConditions node22 = new CitgmConditions("22.23.3");

        Boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> node22.matches(catastrophic));

        assertThat(matched).isFalse();
        assertThat(node22.matches("^linux-x(64|86)$")).isTrue();
        assertThat(node22.matches("debian")).isTrue();
        // What RE2 cannot match in linear time (a back reference) matches nothing, as an invalid pattern does.
        assertThat(node22.matches("(l)\\1")).isFalse();
        assertThat(node22.matches("linux(")).isFalse();
    }

    @Test
    void aBatchBodyIsNoLookupTable() throws Exception {
        assertThat(CitgmLookup.isLookup(MAPPER.readTree("{\"packages\":[{\"package\":\"xtend\"}]}"))).isFalse();
        assertThat(CitgmLookup.isLookup(MAPPER.readTree("{\"xtend\": 1}"))).isFalse();
        assertThat(CitgmLookup.isLookup(MAPPER.readTree("{}"))).isFalse();
    }

    private static List<String> names(CitgmLookup.Converted converted) {
        return converted.entries().stream().map(BatchEntry::packageName).toList();
    }

    private static Map<String, BatchEntry> byName(List<BatchEntry> entries) {
        return entries.stream().collect(Collectors.toMap(BatchEntry::packageName, Function.identity()));
    }

    private static JsonNode lookup() throws Exception {
        try (InputStream in = CitgmLookupTest.class.getResourceAsStream("/citgm/lookup.json")) {
            return MAPPER.readTree(in);
        }
    }
}
