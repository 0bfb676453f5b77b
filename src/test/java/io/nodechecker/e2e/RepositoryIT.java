package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repository mode against a real package's real repository, served by a git server on loopback that the
 * runner reaches through a mirror rewrite of github.com: once@1.4.0 publishes no tests (tap test/*.js is in
 * its repository only), so {@code auto} tests its repository at the tag v1.4.0, and the verdict is the one a
 * plain {@code docker run} of the same commit gives.
 */
class RepositoryIT {

    private static GitServer git;
    private static TestStack stack;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        TestStack.requireDockerEngine();
        git = GitServer.serving(Map.of("once.bundle", "isaacs/once.git"));
        stack = new TestStack(2);
        api = stack.startGatewayAndRunner(List.of(), "nodechecker.runner.source.rewrites=https://github.com/=" + git.base());
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (git != null) {
            git.close();
        }
    }

    @Test
    void autoTestsTheRepositoryAtTheVersionsTagWhenTheTarballHasNoTestsWithTheVerdictOfAPlainRun() throws Exception {
        String id = api.submit("{\"package\":\"once\",\"version\":\"1.4.0\"}");

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(5));

        String commit = gitOutput("rev-parse", "v1.4.0^{commit}").strip();
        JsonNode code = job.path("code");
        assertThat(job.path("requestedCode").asText()).isEqualTo("auto");
        assertThat(code.path("kind").asText()).isEqualTo("repository");
        assertThat(code.path("repository").asText()).isEqualTo("https://github.com/isaacs/once.git");
        assertThat(code.path("ref").asText()).isEqualTo("v1.4.0");
        assertThat(code.path("commit").asText()).isEqualTo(commit).matches("[0-9a-f]{40}");
        assertThat(code.path("directory").isNull()).isTrue();
        String log = api.log(id);
        assertThat(log).contains("the tarball carries no test files, so the repository is tested")
                .contains("testing the repository https://github.com/isaacs/once.git at v1.4.0 (commit " + commit + ")")
                .containsPattern("(?m)^> once@1.4.0 test$");
        // The same commit cloned by git itself, then npm install and npm test in the same image.
        int plain = PlainRun.checkout(git.repository("isaacs/once.git"), commit, null, NodeImages.defaultImage());
        assertThat(job.path("state").asText()).as("%s; a plain docker run of the commit exits %d", job.path("reason").asText(), plain)
                .isIn("PASSED", "FAILED");
        assertThat(job.path("state").asText().equals("PASSED")).isEqualTo(plain == 0);
    }

    @Test
    void autoKeepsATarballThatCarriesItsTestsAndRepositoryModeNamesWhatItTried() throws Exception {
        String tarball = api.submit("{\"package\":\"xtend\",\"version\":\"4.0.2\"}");
        String missing = api.submit("{\"package\":\"xtend\",\"version\":\"4.0.2\",\"code\":\"repository\"}");
        Api.Answer bad = api.postJson("{\"package\":\"xtend\",\"code\":\"git\"}");

        JsonNode kept = api.awaitFinal(tarball, Duration.ofMinutes(3));
        JsonNode refused = api.awaitFinal(missing, Duration.ofMinutes(3));

        assertThat(kept.path("state").asText()).isEqualTo("PASSED");
        assertThat(kept.path("code").path("kind").asText()).isEqualTo("tarball");
        assertThat(kept.path("code").path("integrity").asText()).startsWith("sha512-");
        assertThat(api.log(tarball)).contains("testing the registry's tarball: it carries its tests (test.js)");
        // The loopback server has no Raynos/xtend: the job says which repository could not be had, and is not retried.
        assertThat(refused.path("state").asText()).isEqualTo("INSTALL_FAILED");
        assertThat(refused.path("attempts").asInt()).isEqualTo(1);
        assertThat(refused.path("reason").asText()).contains("https://github.com/Raynos/xtend.git");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("must be auto, tarball or repository");
    }

    private static String gitOutput(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", git.repository("isaacs/once.git").toString()));
        command.addAll(List.of(args));
        return Commands.run(null, command);
    }
}
