package io.nodechecker.runner.job;

import io.nodechecker.cluster.manifest.PackageManifest;

import java.util.List;
import java.util.Locale;

/**
 * The package manager a package declares, which installs it: package.json's {@code packageManager} field
 * first (as corepack reads it), then a lookup table's {@code yarn} or {@code pnpm}, then its lockfile, else
 * npm. yarn and pnpm run through corepack, which fetches the declared version from the npm registry.
 *
 * @param name npm, yarn or pnpm
 * @param why  how it was chosen, for the log
 */
record PackageManager(String name, String why) {

    static final String NPM = "npm";
    static final String YARN = "yarn";
    static final String PNPM = "pnpm";

    static PackageManager of(PackageManifest manifest, String hinted) {
        String declared = manifest.packageManager() == null ? "" : manifest.packageManager().strip();
        if (!declared.isEmpty()) {
            String name = declared.split("@", 2)[0].toLowerCase(Locale.ROOT);
            if (List.of(NPM, YARN, PNPM).contains(name)) {
                return new PackageManager(name, "package.json's packageManager is " + declared);
            }
        }
        if (hinted != null && List.of(YARN, PNPM).contains(hinted)) {
            return new PackageManager(hinted, "the lookup table says " + hinted);
        }
        return switch (manifest.lockfile() == null ? "" : manifest.lockfile()) {
            case "yarn.lock" -> new PackageManager(YARN, "the package has a yarn.lock");
            case "pnpm-lock.yaml" -> new PackageManager(PNPM, "the package has a pnpm-lock.yaml");
            default -> new PackageManager(NPM, "");
        };
    }

    /** The install command, ours before the job's own flags. */
    List<String> install() {
        return switch (name) {
            case YARN -> List.of("yarn", "install");
            case PNPM -> List.of("pnpm", "install");
            default -> List.of("npm", "install", "--no-audit", "--no-fund");
        };
    }

    /**
     * Environment of the install: corepack fetches a declared yarn or pnpm from the registry without asking,
     * checking the registry's signatures on it unless {@code signatures} is off (a registry that has none).
     */
    List<String> env(String registry, boolean signatures) {
        if (name.equals(NPM)) {
            return List.of();
        }
        // Corepack downloads with Node's own fetch, which takes the install network's proxy only when told to.
        List<String> env = new java.util.ArrayList<>(List.of("COREPACK_ENABLE_DOWNLOAD_PROMPT=0",
                "COREPACK_NPM_REGISTRY=" + registry.replaceAll("/+$", ""), "NODE_USE_ENV_PROXY=1"));
        if (!signatures) {
            env.add("COREPACK_INTEGRITY_KEYS=0");
        }
        return List.copyOf(env);
    }
}
