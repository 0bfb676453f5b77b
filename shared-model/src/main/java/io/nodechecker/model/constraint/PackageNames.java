package io.nodechecker.model.constraint;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * npm's own rules for package names (those of validate-npm-package-name for new packages) and what a
 * version may be: an exact semver version or a dist-tag.
 */
public final class PackageNames {

    public static final int MAX_NAME_LENGTH = 214;

    private static final Pattern NAME =
            Pattern.compile("^(?:@[a-zA-Z0-9-*~][a-zA-Z0-9-*._~]*/)?[a-zA-Z0-9-~][a-zA-Z0-9-._~]*$");
    private static final Set<String> RESERVED = Set.of("node_modules", "favicon.ico");
    // semver.org's recommended expression.
    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
                    + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");
    // npm refuses tags that parse as a semver range; letters first keeps them apart from versions.
    private static final Pattern DIST_TAG = Pattern.compile("^[a-zA-Z][a-zA-Z0-9._-]{0,63}$");

    private PackageNames() {
    }

    /** Why {@code name} is not a valid name for a new npm package, or {@code null} when it is. */
    public static String nameProblem(String name) {
        String problem = publishedNameProblem(name);
        if (problem == null && !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            return "package name must be lowercase";
        }
        return problem;
    }

    /**
     * Why {@code name} cannot name a package of the registry, or {@code null} when it can: the rules for
     * new packages, except that packages published before npm required lowercase keep their capitals
     * ({@code JSONStream}), as validate-npm-package-name's {@code validForOldPackages} allows.
     */
    public static String publishedNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "package name is required";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "package name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (name.startsWith(".") || name.startsWith("_")) {
            return "package name cannot start with a period or an underscore";
        }
        if (RESERVED.contains(name)) {
            return "package name '" + name + "' is reserved";
        }
        if (!NAME.matcher(name).matches()) {
            return "package name may contain only URL-safe characters: letters, digits, '-', '.', '_', '~' and one '@scope/'";
        }
        return null;
    }

    /** Why {@code version} is neither an exact version nor a dist-tag, or {@code null} when it is one. */
    public static String versionProblem(String version) {
        if (version == null || version.isEmpty()) {
            return "version is empty";
        }
        // A tag with ".." is no tag anyone publishes, and the version ends up in registry URLs and paths.
        if (isExactVersion(version) || DIST_TAG.matcher(version).matches() && !version.contains("..")) {
            return null;
        }
        return "version must be an exact semver version (1.2.3) or a dist-tag (latest, next)";
    }

    public static boolean isExactVersion(String version) {
        return version.length() <= 256 && SEMVER.matcher(version).matches();
    }

    /** Splits {@code name@version} (the name may be scoped); the version is {@code latest} when absent. */
    public static String[] splitSpec(String spec) {
        int at = spec.lastIndexOf('@');
        if (at <= 0) {
            return new String[] {spec, "latest"};
        }
        return new String[] {spec.substring(0, at), spec.substring(at + 1)};
    }
}
