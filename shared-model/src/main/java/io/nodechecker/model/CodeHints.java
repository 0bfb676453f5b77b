package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How to find and install a package's code where its manifest is not enough, as CITGM's lookup.json says
 * it: a tag prefix ({@code prefix}), another repository ({@code repo}), whether to ignore the manifest's
 * {@code gitHead} ({@code ignoreGitHead}), and the package manager ({@code yarn}, {@code pnpm}).
 *
 * @param tagPrefix     tried first, before {@code v<version>}: the tag {@code <tagPrefix><version>}
 * @param repository    the repository to use instead of the manifest's, in any form npm accepts
 * @param ignoreGitHead  find the commit by tag even when the manifest names one
 * @param packageManager {@code yarn} or {@code pnpm} where package.json's {@code packageManager} names none
 */
@RegisterForReflection
public record CodeHints(String tagPrefix, String repository, boolean ignoreGitHead, String packageManager) {
}
