package io.nodechecker.runner.job;

import io.nodechecker.model.Code;

import java.util.List;

/**
 * What a job tests, fetched: a gzipped tar with the code under {@code package/}, what it is, and the
 * lines the log shows about how it was chosen.
 */
record Fetched(byte[] tarball, Code code, List<String> notes) {

    /** Where package.json sits in the tarball: {@code package/}, or the package's folder in a monorepo. */
    String packageFolder() {
        return code.directory() == null ? "package" : "package/" + code.directory();
    }
}
