package io.nodechecker.runner.job;

import io.nodechecker.cluster.manifest.PackageManifest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestPlanTest {

    @Test
    void runsPlainNpmTestSoThatNpmRunsTheLifecycleAndNestedScriptsAsItAlwaysDoes() {
        TestPlan plan = TestPlan.of(new PackageManifest("p", "1.0.0", "tape test/*.js", "eslint .", "aud --production"),
                null, List.of());

        assertThat(plan.test()).containsExactly("npm", "test");
        assertThat(plan.test()).noneMatch(argument -> argument.contains("ignore-scripts"));
        assertThat(plan.runsLifecycle()).isTrue();
        assertThat(plan.packageId()).isEqualTo("p@1.0.0");
        assertThat(plan.scripts()).containsEntry("pretest", "eslint .").containsEntry("test", "tape test/*.js")
                .containsEntry("posttest", "aud --production");
        assertThat(plan.testShown()).isEqualTo("npm test (pretest: eslint ., then test: tape test/*.js, then posttest: aud --production)");
    }

    @Test
    void aPackageWithoutPrePostScriptsHasItsTestScriptAlone() {
        TestPlan plan = TestPlan.of(new PackageManifest("p", "1.0.0", "node test.js"), null, null);

        assertThat(plan.scripts()).containsOnlyKeys("test");
        assertThat(plan.install()).containsExactly("npm", "install", "--no-audit", "--no-fund");
        assertThat(plan.installShown()).isEqualTo("npm install");
    }

    @Test
    void anOverrideScriptIsOneArgumentOfShAndNoLifecycle() {
        TestPlan plan = TestPlan.of(new PackageManifest("p", "1.0.0", "node test.js", "lint", ""),
                "npm run unit && echo done", List.of("--legacy-peer-deps"));

        assertThat(plan.test()).containsExactly("sh", "-c", "npm run unit && echo done");
        assertThat(plan.runsLifecycle()).isFalse();
        assertThat(plan.install()).endsWith("--legacy-peer-deps");
        assertThat(plan.installShown()).isEqualTo("npm install --legacy-peer-deps");
    }
}
