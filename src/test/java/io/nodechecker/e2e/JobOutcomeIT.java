package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real packages and fixture tarballs end in the outcome their tests earn, on a real engine. */
@ExtendWith(SharedStack.class)
class JobOutcomeIT {

    private static Api api;

    @BeforeAll
    static void connect(SharedStack.Running running) {
        api = running.api();
    }

    @Test
    void passesARealRegistryPackage() throws Exception {
        String id = api.submit("{\"package\":\"xtend\",\"version\":\"4.0.2\"}");

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(3));

        assertThat(job.path("state").asText()).isEqualTo("PASSED");
        assertThat(job.path("outcome").asText()).isEqualTo("PASSED");
        assertThat(job.path("version").asText()).isEqualTo("4.0.2");
        assertThat(job.path("exitCode").asInt()).isZero();
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        assertThat(phases(job)).containsExactly("fetch:0", "install:0", "test:0");
        // The log opens with what the image really is.
        assertThat(api.log(id)).containsPattern("(?m)^node v\\d+\\.\\d+\\.\\d+, npm \\d+\\.\\d+\\.\\d+$");
        assertThat(job.path("phases").get(2).path("durationMs").asLong()).isPositive();
        assertThat(api.log(id)).contains("# pass  15").contains("xtend@4.0.2");
    }

    @Test
    void resolvesLatestToAnExactVersion() throws Exception {
        String id = api.submit("{\"package\":\"left-pad\"}");

        JsonNode job = api.job(id);

        assertThat(job.path("requestedVersion").asText()).isEqualTo("latest");
        assertThat(job.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(api.awaitFinal(id, Duration.ofMinutes(3)).path("state").asText()).isEqualTo("PASSED");
    }

    @Test
    void failsAPackageWhoseTestsFail() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("failing"));

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));

        assertThat(job.path("state").asText()).isEqualTo("FAILED");
        assertThat(job.path("exitCode").asInt()).isEqualTo(1);
        assertThat(job.path("reason").asText()).contains("npm test exited with code 1");
        assertThat(job.path("source").asText()).isEqualTo("TARBALL");
        assertThat(api.log(id)).contains("not ok 2 the answer is 42").contains("expected 42, got 41");
    }

    @Test
    void reportsNoTestsForNpmsPlaceholderScript() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("no-tests"));

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));

        assertThat(job.path("state").asText()).isEqualTo("NO_TESTS");
        assertThat(phases(job)).containsExactly("fetch:0");
    }

    @Test
    void reportsInstallFailureForAMissingDependency() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("install-fails"));

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));

        assertThat(job.path("state").asText()).isEqualTo("INSTALL_FAILED");
        assertThat(job.path("reason").asText()).contains("npm install exited");
        assertThat(api.log(id)).contains("nodechecker-fixture-dependency-that-does-not-exist");
    }

    @Test
    void timesOutATestThatNeverEnds() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("slow"), "timeoutSeconds", "3");

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));

        assertThat(job.path("state").asText()).isEqualTo("TIMED_OUT");
        assertThat(job.path("reason").asText()).contains("test did not finish within 3 s");
        assertThat(api.log(id)).contains("starting a test that never ends");
    }

    @Test
    void passesAnUploadedPackage() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("passing"), "node", "22");

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));

        assertThat(job.path("state").asText()).isEqualTo("PASSED");
        assertThat(job.path("package").asText()).isEqualTo("nc-fixture-passing");
        assertThat(job.path("version").asText()).isEqualTo("1.0.0");
    }

    @Test
    void recordsPretestTestAndPosttestAsStepsOfTheirOwnAndNamesTheOneThatFailed() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("lifecycle"));

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));

        assertThat(job.path("state").asText()).isEqualTo("FAILED");
        assertThat(job.path("reason").asText()).isEqualTo("all 3 tests passed; posttest `node audit.js` exited with code 1");
        assertThat(job.path("exitCode").asInt()).isEqualTo(1);
        assertThat(phases(job)).containsExactly("fetch:0", "install:0", "pretest:0", "test:0", "posttest:1");
        assertThat(api.log(id)).contains("lint: 3 files, no problems").contains("found 2 vulnerabilities");
    }

    @Test
    void nestedScriptsRunTheirOwnPreAndPostScriptsAsUnderPlainNpmTest() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("nested-lifecycle"));

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));

        // posttest runs `npm run lint`, whose postlint fails: plain npm test fails there, and so does the job.
        assertThat(job.path("state").asText()).isEqualTo("FAILED");
        assertThat(job.path("reason").asText()).isEqualTo("all 1 tests passed; posttest `npm run lint` exited with code 1");
        assertThat(phases(job)).containsExactly("fetch:0", "install:0", "test:0", "posttest:1");
        assertThat(api.log(id)).containsPattern("(?m)^> nc-fixture-nested-lifecycle@1.0.0 postlint$")
                .contains("check: the template is out of date");
    }

    @Test
    void aFailedPretestIsTheFailureItNamesAndTheTestsNeverRun() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("pretest-fails"));

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));

        assertThat(job.path("state").asText()).isEqualTo("FAILED");
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        assertThat(job.path("reason").asText()).isEqualTo("pretest `npm run lint` exited with code 1; the tests did not run");
        assertThat(phases(job)).containsExactly("fetch:0", "install:0", "pretest:1");
        assertThat(api.log(id)).contains("lint: 1 problem").doesNotContain("the tests ran although");
    }

    @Test
    void buildsANativeAddonAgainstTheImagesOwnHeadersAndTestsIt() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("native-addon"));

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(3));

        // node-gyp with python3, make and g++, offline from nodejs.org: the install network reaches the registry only.
        assertThat(job.path("state").asText()).as(job.path("reason").asText()).isEqualTo("PASSED");
        assertThat(api.log(id)).contains("gyp info ok").contains("computed by a native addon");
    }

    @Test
    void installsWithTheYarnOrPnpmAPackageDeclaresThroughCorepackFromTheRegistry() throws Exception {
        String yarn = api.submitTarball(Fixtures.tarball("yarn-project"));
        String pnpm = api.submitTarball(Fixtures.tarball("pnpm-project"));

        JsonNode yarnJob = api.awaitFinal(yarn, Duration.ofMinutes(3));
        JsonNode pnpmJob = api.awaitFinal(pnpm, Duration.ofMinutes(3));

        assertThat(yarnJob.path("state").asText()).as(yarnJob.path("reason").asText()).isEqualTo("PASSED");
        assertThat(api.log(yarn)).contains("yarn install (package.json's packageManager is yarn@1.22.22)")
                .contains("ok 1 - xtend installed by yarn").containsPattern("(?m)^1\\.22\\.22$");
        assertThat(pnpmJob.path("state").asText()).as(pnpmJob.path("reason").asText()).isEqualTo("PASSED");
        assertThat(api.log(pnpm)).contains("pnpm install (package.json's packageManager is pnpm@9.15.9)")
                .contains("ok 1 - xtend installed by pnpm");
    }

    @Test
    void namesATestRunnerThatIsNotInstalled() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("runner-missing"));

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));

        assertThat(job.path("state").asText()).isEqualTo("FAILED");
        assertThat(job.path("exitCode").asInt()).isEqualTo(127);
        assertThat(job.path("reason").asText()).contains("`mocha` is not installed");
    }

    @Test
    void aSuiteThatPassesWithAPlanOfZeroIsPassedNotNoTests() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("plan-zero"));

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));

        assertThat(job.path("state").asText()).isEqualTo("PASSED");
        assertThat(job.path("exitCode").asInt()).isZero();
    }

    private static List<String> phases(JsonNode job) {
        List<String> phases = new ArrayList<>();
        job.path("phases").forEach(p -> phases.add(p.path("name").asText() + ":" + p.path("exitCode").asText()));
        return phases;
    }
}
