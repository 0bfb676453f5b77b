package io.nodechecker.runner.job;

import io.nodechecker.cluster.manifest.PackageManifest;
import io.nodechecker.model.Phase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What runs in a job's container after the fetch: {@code npm install} with the job's extra flags, then
 * plain {@code npm test} — one command, so that npm runs {@code pretest}, {@code test} and {@code posttest}
 * and every script they start exactly as it does on a developer's machine — or, for a job with a script
 * override, that script alone. Which lifecycle step ran when is read from npm's own banners
 * ({@link LifecycleSteps}).
 *
 * @param installEnv the install's own environment (node-gyp's headers; corepack's registry)
 * @param installWhy why this package manager installs it, empty for npm by default
 * @param scripts the lifecycle scripts the package declares, by step, in npm's order (for the reason)
 */
record TestPlan(List<String> install, String installShown, List<String> installEnv, String installWhy,
                List<String> test, String testShown, String packageId, Map<String, String> scripts) {

    /**
     * node-gyp builds native addons against the headers the image's Node ships in /usr/local, as the
     * official image has them, instead of downloading them (which the install network would refuse).
     * Only for the install: npm warns of a setting it does not know on every command.
     */
    static final List<String> INSTALL_ENV = List.of("npm_config_nodedir=/usr/local");

    static TestPlan of(PackageManifest manifest, String overrideScript, List<String> installFlags) {
        return of(manifest, overrideScript, installFlags, PackageManager.of(manifest, null), "https://registry.npmjs.org/", true);
    }

    static TestPlan of(PackageManifest manifest, String overrideScript, List<String> installFlags, PackageManager manager,
                       String registry, boolean signatures) {
        List<String> install = new ArrayList<>(manager.install());
        List<String> flags = installFlags == null ? List.of() : installFlags;
        install.addAll(flags);
        String installShown = String.join(" ", install.subList(0, 2)) + (flags.isEmpty() ? "" : " " + String.join(" ", flags));
        List<String> installEnv = new ArrayList<>(INSTALL_ENV);
        installEnv.addAll(manager.env(registry, signatures));
        if (overrideScript != null) {
            // One argv element for sh, run inside the sandbox like any test script.
            return new TestPlan(List.copyOf(install), installShown, List.copyOf(installEnv), manager.why(), List.of("sh", "-c", overrideScript),
                    "test script override: " + overrideScript, null, Map.of(Phase.TEST, overrideScript));
        }
        Map<String, String> scripts = new LinkedHashMap<>();
        if (!manifest.pretestScript().isBlank()) {
            scripts.put(Phase.PRETEST, manifest.pretestScript());
        }
        scripts.put(Phase.TEST, manifest.testScript());
        if (!manifest.posttestScript().isBlank()) {
            scripts.put(Phase.POSTTEST, manifest.posttestScript());
        }
        String id = manifest.name().isBlank() || manifest.version().isBlank() ? null
                : manifest.name() + "@" + manifest.version();
        return new TestPlan(List.copyOf(install), installShown, List.copyOf(installEnv), manager.why(), List.of("npm", "test"),
                "npm test (" + String.join(", then ", scripts.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue()).toList()) + ")",
                id, Map.copyOf(scripts));
    }

    /** Whether this plan runs npm's lifecycle (and so prints its banners), not an override script. */
    boolean runsLifecycle() {
        return test.equals(List.of("npm", "test"));
    }
}
