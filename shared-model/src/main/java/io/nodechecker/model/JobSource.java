package io.nodechecker.model;

/** Where a job's package comes from: the npm registry, or a tarball uploaded with the job. */
public enum JobSource {
    REGISTRY, TARBALL
}
