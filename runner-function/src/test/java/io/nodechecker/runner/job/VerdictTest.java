package io.nodechecker.runner.job;

import io.nodechecker.cluster.manifest.PackageManifest;
import io.nodechecker.model.JobState;
import org.junit.jupiter.api.Test;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    @Test
    void passesOnExitZeroWithTests() {
        assertThat(ofTest(0, "1..15\n# tests 15\n# pass  15\n").state()).isEqualTo(JobState.PASSED);
    }

    @Test
    void failsOnNonZeroExit() {
        Verdict verdict = ofTest(3, "not ok 1");

        assertThat(verdict.state()).isEqualTo(JobState.FAILED);
        assertThat(verdict.exitCode()).isEqualTo(3);
        assertThat(verdict.reason()).contains("3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Error: No test files found: \"test\"\n", "No tests found, exiting with code 1\n",
            "\u001b[31mError: No test files found: \"test\"\u001b[39m\n"})
    void reportsNoTestsWhenTheTestRunnerSaysItFoundNone(String output) {
        assertThat(ofTest(1, output).state()).isEqualTo(JobState.NO_TESTS);
        assertThat(ofTest(0, output).reason()).startsWith("the test runner found no tests: \"No test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TAP version 13\n1..0\n", "# tests 0\n# pass 0\n"})
    void aSuiteThatExitsZeroPassesEvenWhenItCountsNoTests(String output) {
        // Files that run their own assertions and print a plan of 1..0: the exit code decides.
        assertThat(ofTest(0, output).state()).isEqualTo(JobState.PASSED);
    }

    @Test
    void aFailedPosttestFailsTheJobAndSaysTheTestsPassed() {
        Verdict verdict = Verdict.ofLifecycle(List.of(
                new Verdict.Step("test", "tape test/*.js", 0, "# tests 27\n# pass  27\n"),
                new Verdict.Step("posttest", "aud --production", 1, "3 vulnerabilities\n")), true);

        assertThat(verdict.state()).isEqualTo(JobState.FAILED);
        assertThat(verdict.reason()).isEqualTo("all 27 tests passed; posttest `aud --production` exited with code 1");
        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.tests().passed()).isEqualTo(27);
    }

    @Test
    void aFailedPretestIsTheFailureAndMeansTheTestsDidNotRun() {
        // npm stops at a failed pretest: there is no test step to judge, and that is the package's failure.
        Verdict verdict = Verdict.ofLifecycle(List.of(new Verdict.Step("pretest", "eslint .", 2, "error  no-unused-vars\n")), false);

        assertThat(verdict.state()).isEqualTo(JobState.FAILED);
        assertThat(verdict.exitCode()).isEqualTo(2);
        assertThat(verdict.tests()).isNull();
        assertThat(verdict.reason()).isEqualTo("pretest `eslint .` exited with code 2; the tests did not run");
    }

    @Test
    void namesATestRunnerThatIsNotInstalled() {
        Verdict verdict = ofTest(127, "> mocha test\n\nsh: 1: mocha: not found\n");

        assertThat(verdict.reason()).isEqualTo("npm test exited with code 127: `mocha` is not installed (command not found)");
    }

    @Test
    void namesATestThatTriedTheNetworkOnlyWhenTheNetworkWasCut() {
        String output = "Error: getaddrinfo EAI_AGAIN registry.example\n    at GetAddrInfoReqWrap.onlookup\n";
        List<Verdict.Step> steps = List.of(new Verdict.Step("test", "node test.js", 1, output));

        assertThat(Verdict.ofLifecycle(steps, true).reason())
                .endsWith(": a test tried to reach the network, which is cut while testing (getaddrinfo EAI_AGAIN registry.example)");
        assertThat(Verdict.ofLifecycle(steps, false).reason()).isEqualTo("npm test exited with code 1");
    }

    @Test
    void recognisesNpmsPlaceholderAsNoTests() {
        assertThat(new PackageManifest("x", "1.0.0", "echo \"Error: no test specified\" && exit 1").hasTests()).isFalse();
        assertThat(new PackageManifest("x", "1.0.0", "  ").hasTests()).isFalse();
        assertThat(new PackageManifest("x", "1.0.0", "tape test/*.js").hasTests()).isTrue();
    }

    @Test
    void aSigkillAloneNamesNoCause() {
        Verdict verdict = ofTest(137, "");
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

    /** The verdict of a run whose only step was the test (npm printed no other banner). */
    private static Verdict ofTest(int exitCode, String tail) {
        return Verdict.ofLifecycle(List.of(new Verdict.Step("test", null, exitCode, tail)), false);
    }
}
