package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a job tested: the registry's tarball of the version (with its integrity), or the package's
 * repository at the version's commit.
 *
 * @param kind       {@code tarball} or {@code repository}
 * @param repository the repository's https URL as the manifest names it (before any mirror rewrite)
 * @param ref        the tag that named the commit, or {@code null} when the manifest's {@code gitHead} did
 * @param commit     the commit tested, 40 hex digits
 * @param directory  the package's folder in the repository (a monorepo), or {@code null} for its root
 * @param integrity  the tarball's integrity as the registry publishes it ({@code sha512-…})
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Code(String kind, String repository, String ref, String commit, String directory, String integrity) {

    public static final String TARBALL = "tarball";
    public static final String REPOSITORY = "repository";

    public static Code tarball(String integrity) {
        return new Code(TARBALL, null, null, null, null, integrity);
    }

    public static Code repository(String url, String ref, String commit, String directory) {
        return new Code(REPOSITORY, url, ref, commit, directory, null);
    }
}
