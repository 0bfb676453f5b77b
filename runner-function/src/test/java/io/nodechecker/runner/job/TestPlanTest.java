package io.nodechecker.runner.job;

import io.nodechecker.cluster.PackageManifest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestPlanTest {

    @Test
    void runsNpmsTestLifecycleAsStepsInItsOrderWithoutNpmRunningThePrePostScriptsAgain() {
        TestPlan plan = TestPlan.of(new PackageManifest("p", "1.0.0", "tape test/*.js", "eslint .", "aud --production"),
                null, List.of());

        assertThat(plan.steps()).extracting(TestPlan.Step::name).containsExactly("pretest", "test", "posttest");
        assertThat(plan.steps()).extracting(TestPlan.Step::command).containsExactly(
                List.of("npm", "run", "pretest", "--ignore-scripts"),
                List.of("npm", "test", "--ignore-scripts"),
                List.of("npm", "run", "posttest", "--ignore-scripts"));
        assertThat(plan.steps().get(2).shown()).isEqualTo("npm run posttest (aud --production)");
        assertThat(TestPlan.stopsAfterFailed(plan.steps().get(0))).isTrue();
        assertThat(TestPlan.stopsAfterFailed(plan.steps().get(2))).isFalse();
    }

    @Test
    void aPackageWithoutPrePostScriptsRunsTestAlone() {
        TestPlan plan = TestPlan.of(new PackageManifest("p", "1.0.0", "node test.js"), null, null);

        assertThat(plan.steps()).extracting(TestPlan.Step::name).containsExactly("test");
        assertThat(plan.install()).containsExactly("npm", "install", "--no-audit", "--no-fund");
        assertThat(plan.installShown()).isEqualTo("npm install");
    }

    @Test
    void anOverrideScriptIsTheOnlyStepAndIsOneArgumentOfSh() {
        TestPlan plan = TestPlan.of(new PackageManifest("p", "1.0.0", "node test.js", "lint", ""),
                "npm run unit && echo done", List.of("--legacy-peer-deps"));

        assertThat(plan.steps()).singleElement().satisfies(step -> {
            assertThat(step.name()).isEqualTo("test");
            assertThat(step.command()).containsExactly("sh", "-c", "npm run unit && echo done");
        });
        assertThat(plan.install()).endsWith("--legacy-peer-deps");
        assertThat(plan.installShown()).isEqualTo("npm install --legacy-peer-deps");
    }
}
