package io.nodechecker.runner.job;

import io.nodechecker.cluster.PackageManifest;
import io.nodechecker.model.Phase;

import java.util.ArrayList;
import java.util.List;

/**
 * What runs in a job's container after the fetch: {@code npm install} with the job's extra flags, then
 * npm's test lifecycle one step at a time — {@code pretest} and {@code posttest} when the package has
 * them, {@code test} always — or, for a job with a script override, that script alone. The steps are
 * the scripts {@code npm test} would run, in its order and environment; run apart, each has its own
 * exit code and duration.
 */
record TestPlan(List<String> install, String installShown, List<Step> steps) {

    /**
     * One step: its phase name, the script it stands for (for the reason), the command, and the line
     * the log shows before it.
     */
    record Step(String name, String script, List<String> command, String shown) {
    }

    // Ours, not the package's: quieter installs that do not ask the registry for advisories.
    private static final List<String> INSTALL = List.of("npm", "install", "--no-audit", "--no-fund");

    static TestPlan of(PackageManifest manifest, String overrideScript, List<String> installFlags) {
        List<String> install = new ArrayList<>(INSTALL);
        List<String> flags = installFlags == null ? List.of() : installFlags;
        install.addAll(flags);
        String installShown = flags.isEmpty() ? "npm install" : "npm install " + String.join(" ", flags);
        if (overrideScript != null) {
            // One argv element for sh, run inside the sandbox like any test script.
            return new TestPlan(install, installShown, List.of(new Step(Phase.TEST, overrideScript,
                    List.of("sh", "-c", overrideScript), "test script override: " + overrideScript)));
        }
        List<Step> steps = new ArrayList<>();
        if (!manifest.pretestScript().isBlank()) {
            steps.add(npmRun(Phase.PRETEST, manifest.pretestScript()));
        }
        // --ignore-scripts keeps npm from running pretest and posttest around test a second time.
        steps.add(new Step(Phase.TEST, manifest.testScript(), List.of("npm", "test", "--ignore-scripts"),
                "npm test (" + manifest.testScript() + ")"));
        if (!manifest.posttestScript().isBlank()) {
            steps.add(npmRun(Phase.POSTTEST, manifest.posttestScript()));
        }
        return new TestPlan(List.copyOf(install), installShown, List.copyOf(steps));
    }

    private static Step npmRun(String name, String script) {
        return new Step(name, script, List.of("npm", "run", name, "--ignore-scripts"), "npm run " + name + " (" + script + ")");
    }

    /** Whether npm goes on after {@code step} failed: only past posttest, which is the last. */
    static boolean stopsAfterFailed(Step step) {
        return !step.name().equals(Phase.POSTTEST);
    }
}
