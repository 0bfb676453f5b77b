package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Where to find a job, its live stream and its log, relative to any gateway. */
@RegisterForReflection
public record Links(String self, String live, String log) {

    public static Links of(String jobId) {
        String self = "/api/jobs/" + jobId;
        return new Links(self, self + "/live?from=0", self + "/log");
    }
}
