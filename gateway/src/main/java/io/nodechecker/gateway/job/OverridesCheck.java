package io.nodechecker.gateway.job;

import io.nodechecker.model.Overrides;
import io.nodechecker.model.Problem.FieldError;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what a batch entry may change about a run. The script runs inside the job's container, like
 * any package's own test script; environment names and install flags are held to narrow shapes, and
 * the variables the sandbox relies on cannot be replaced.
 */
public final class OverridesCheck {

    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,63}$");
    private static final Pattern INSTALL_FLAG = Pattern.compile("^--[a-z][a-z0-9-]{0,40}(=[A-Za-z0-9._@/:^~-]{0,100})?$");
    private static final Set<String> PROTECTED = Set.of("HOME", "PATH", "NODE_EXTRA_CA_CERTS", "NODE_OPTIONS",
            "LD_PRELOAD", "LD_LIBRARY_PATH");
    private static final int MAX_SCRIPT = 2000;

    /** Whether {@code name} is an environment variable name an entry may set. */
    public static boolean isVariableName(String name) {
        return ENV_NAME.matcher(name).matches();
    }

    /** Whether the sandbox sets {@code name} itself, so no entry may replace it. */
    public static boolean isSandboxVariable(String name) {
        return PROTECTED.contains(name) || name.toLowerCase().startsWith("npm_config_");
    }

    /** Whether {@code flag} is an {@code npm install --flag} (or {@code --flag=value}) an entry may add. */
    public static boolean isInstallFlag(String flag) {
        return flag != null && INSTALL_FLAG.matcher(flag).matches();
    }

    private OverridesCheck() {
    }

    static Overrides check(String field, String script, Map<String, String> env, List<String> installArgs,
                           List<FieldError> errors) {
        if (script != null && (script.isBlank() || script.length() > MAX_SCRIPT || script.indexOf('\0') >= 0)) {
            errors.add(new FieldError(field + ".script", "must be 1 to " + MAX_SCRIPT + " characters"));
        }
        Map<String, String> variables = env == null ? Map.of() : env;
        if (variables.size() > 50) {
            errors.add(new FieldError(field + ".env", "at most 50 variables"));
        }
        variables.forEach((name, value) -> {
            if (!isVariableName(name)) {
                errors.add(new FieldError(field + ".env", "'" + name + "' is not a variable name"));
            } else if (isSandboxVariable(name)) {
                errors.add(new FieldError(field + ".env", name + " is set by the sandbox and cannot be overridden"));
            }
            if (value == null || value.length() > 4096 || value.indexOf('\0') >= 0) {
                errors.add(new FieldError(field + ".env", name + " needs a value of at most 4096 characters"));
            }
        });
        List<String> flags = installArgs == null ? List.of() : installArgs;
        if (flags.size() > 10) {
            errors.add(new FieldError(field + ".installArgs", "at most 10 flags"));
        }
        for (String flag : flags) {
            if (!isInstallFlag(flag)) {
                errors.add(new FieldError(field + ".installArgs", "'" + flag + "' is not an npm install --flag"));
            }
        }
        return new Overrides(script, Map.copyOf(variables), List.copyOf(flags));
    }
}
