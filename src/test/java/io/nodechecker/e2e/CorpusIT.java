package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of real registry packages — tape suites that pass, a tap suite and a mocha suite whose
 * published tarballs leave their tests out, a failing pretest and a failing nested post script — each tested by Nodechecker and, in the same test, by a
 * plain {@code docker run} of the same steps in the same image: the outcomes must agree (PASSED where
 * the plain run exits 0, anything else where it does not), and the reasons must say why.
 */
class CorpusIT {

    /** Package, and the outcome its own suite earns. */
    private static final Map<String, String> CORPUS = new LinkedHashMap<>();

    static {
        CORPUS.put("concat-map@0.0.1", "PASSED");    // tape
        CORPUS.put("isarray@1.0.0", "PASSED");       // tape
        CORPUS.put("deep-equal@1.0.1", "PASSED");    // tape, 21 assertions
        CORPUS.put("once@1.4.0", "FAILED");          // tap, its tests are not in the tarball
        CORPUS.put("fill-range@7.0.1", "NO_TESTS");  // mocha says "No test files found"
        CORPUS.put("call-bind@1.0.2", "FAILED");     // its pretest (eslint) fails: the tests never run
        CORPUS.put("semver@5.7.2", "FAILED");        // its posttest's nested postlint (template-oss-check) fails
    }

    @RegisterExtension
    static final OwnStack OWN = OwnStack.of(List.of(), "nodechecker.runner.capacity=3");

    @Test
    void outcomesAgreeWithAPlainDockerRunOfTheSameSteps() throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, CompletableFuture<Integer>> plain = new LinkedHashMap<>();
        for (String spec : CORPUS.keySet()) {
            String[] parts = spec.split("@");
            ids.put(spec, OWN.api().submit("{\"package\":\"" + parts[0] + "\",\"version\":\"" + parts[1] + "\"}"));
            plain.put(spec, CompletableFuture.supplyAsync(() -> plainRun(spec)));
        }

        for (String spec : CORPUS.keySet()) {
            JsonNode job = OWN.api().awaitFinal(ids.get(spec), Duration.ofMinutes(5));
            int exit = plain.get(spec).get(6, TimeUnit.MINUTES);
            String state = job.path("state").asText();
            assertThat(state).as("%s: %s", spec, job.path("reason").asText()).isEqualTo(CORPUS.get(spec));
            assertThat(state.equals("PASSED")).as("%s passes with Nodechecker as with plain docker run (exit %d)", spec, exit)
                    .isEqualTo(exit == 0);
        }
        assertThat(OWN.api().job(ids.get("fill-range@7.0.1")).path("reason").asText())
                .isEqualTo("the test runner found no tests: \"No test files found: \"test\"\"");
        assertThat(OWN.api().job(ids.get("deep-equal@1.0.1")).path("reason").asText()).contains("21 passed, 0 failed");
        assertThat(OWN.api().job(ids.get("call-bind@1.0.2")).path("reason").asText())
                .isEqualTo("pretest `npm run lint` exited with code 1; the tests did not run");
        assertThat(OWN.api().job(ids.get("semver@5.7.2")).path("reason").asText())
                .endsWith("; posttest `npm run lint` exited with code 1");
    }

    private static int plainRun(String spec) {
        try {
            return PlainRun.published(spec, NodeImages.defaultImage());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
