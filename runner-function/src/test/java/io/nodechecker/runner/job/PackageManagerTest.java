package io.nodechecker.runner.job;

import io.nodechecker.cluster.manifest.PackageManifest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PackageManagerTest {

    private static PackageManifest manifest(String packageManager, String lockfile) {
        return new PackageManifest("p", "1.0.0", "node test.js", "", "", packageManager, lockfile);
    }

    @Test
    void packageJsonsFieldWinsThenTheLookupThenTheLockfileElseNpm() {
        assertThat(PackageManager.of(manifest("pnpm@9.1.0+sha512.abc", "yarn.lock"), "yarn"))
                .isEqualTo(new PackageManager("pnpm", "package.json's packageManager is pnpm@9.1.0+sha512.abc"));
        assertThat(PackageManager.of(manifest("", "package-lock.json"), "yarn").name()).isEqualTo("yarn");
        assertThat(PackageManager.of(manifest("", "yarn.lock"), null))
                .isEqualTo(new PackageManager("yarn", "the package has a yarn.lock"));
        assertThat(PackageManager.of(manifest("", "pnpm-lock.yaml"), null).name()).isEqualTo("pnpm");
        assertThat(PackageManager.of(manifest("", ""), null)).isEqualTo(new PackageManager("npm", ""));
        assertThat(PackageManager.of(manifest("bun@1.0.0", ""), null).name()).isEqualTo("npm");
    }

    @Test
    void yarnAndPnpmInstallThroughCorepackFromTheRunnersRegistryWithoutAsking() {
        TestPlan plan = TestPlan.of(manifest("yarn@4.1.0", ""), null, List.of("--mode", "skip-build"),
                PackageManager.of(manifest("yarn@4.1.0", ""), null), "https://registry.example/", false);

        assertThat(plan.install()).containsExactly("yarn", "install", "--mode", "skip-build");
        assertThat(plan.installShown()).isEqualTo("yarn install --mode skip-build");
        assertThat(plan.installEnv()).contains("COREPACK_ENABLE_DOWNLOAD_PROMPT=0",
                "COREPACK_NPM_REGISTRY=https://registry.example", "COREPACK_INTEGRITY_KEYS=0", "npm_config_nodedir=/usr/local");
        // The verdict stays npm test's, whatever installed the package.
        assertThat(plan.test()).containsExactly("npm", "test");
        assertThat(new PackageManager("npm", "").env("https://registry.example/", false)).isEmpty();
        assertThat(new PackageManager("pnpm", "").env("https://registry.example/", true)).noneMatch(e -> e.startsWith("COREPACK_INTEGRITY"));
    }
}
