package io.nodechecker.runner.job;

import io.nodechecker.cluster.PackageManifest;
import io.nodechecker.model.JobState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    @Test
    void passesOnExitZeroWithTests() {
        assertThat(Verdict.ofTest(0, "1..15\n# tests 15\n# pass  15\n").state()).isEqualTo(JobState.PASSED);
    }

    @Test
    void failsOnNonZeroExit() {
        Verdict verdict = Verdict.ofTest(3, "not ok 1");

        assertThat(verdict.state()).isEqualTo(JobState.FAILED);
        assertThat(verdict.exitCode()).isEqualTo(3);
        assertThat(verdict.reason()).contains("3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TAP version 13\n1..0\n", "# tests 0\n# pass 0\n", "ℹ tests 0\n", "\n  0 passing (2ms)\n",
            "Tests:       0 total\n"})
    void reportsNoTestsForARunOfZeroTests(String output) {
        assertThat(Verdict.ofTest(0, output).state()).isEqualTo(JobState.NO_TESTS);
    }

    @Test
    void recognisesNpmsPlaceholderAsNoTests() {
        assertThat(new PackageManifest("x", "1.0.0", "echo \"Error: no test specified\" && exit 1").hasTests()).isFalse();
        assertThat(new PackageManifest("x", "1.0.0", "  ").hasTests()).isFalse();
        assertThat(new PackageManifest("x", "1.0.0", "tape test/*.js").hasTests()).isTrue();
    }

    @Test
    void aSigkillAloneNamesNoCause() {
        Verdict verdict = Verdict.ofTest(137, "");
        assertThat(verdict.state()).isEqualTo(JobState.FAILED);
        assertThat(verdict.reason()).contains("SIGKILL").doesNotContain("memory");
    }

    @Test
    void anOomKillReportedByTheEngineIsThePackagesFailureAndAKillFromOutsideIsTheInfrastructures() {
        assertThat(Verdict.outOfMemory("test", 384)).satisfies(v -> {
            assertThat(v.state()).isEqualTo(JobState.FAILED);
            assertThat(v.reason()).contains("memory limit of 384 MB");
        });
        assertThat(Verdict.outOfMemory("install", 384).state()).isEqualTo(JobState.INSTALL_FAILED);
        assertThat(Verdict.killedFromOutside("test", 137).state()).isEqualTo(JobState.ERRORED);
    }
}
