package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * Per-job changes to how a package is tested, in the spirit of CITGM's lookup table.
 *
 * @param testScript  a command run instead of {@code npm test}, inside the job's container
 * @param env         extra environment variables of install and test
 * @param installArgs extra {@code --flags} for {@code npm install}
 */
@RegisterForReflection
public record Overrides(String testScript, Map<String, String> env, List<String> installArgs) {

    public static final Overrides NONE = new Overrides(null, Map.of(), List.of());

    /** Whether these change nothing: the package is tested as its author set it up. */
    public boolean isNone() {
        return testScript == null && (env == null || env.isEmpty()) && (installArgs == null || installArgs.isEmpty());
    }
}
