package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON body of {@code POST /api/jobs}.
 *
 * @param version        exact version or dist-tag; {@code latest} when absent
 * @param node           Node major version; the gateway's default when absent
 * @param timeoutSeconds wall-clock limit of the test phase; the runner's limit when absent
 * @param network        {@code none}, {@code install-only} (the default) or {@code full}
 */
public record JobRequest(
        @JsonProperty("package") String packageName,
        String version,
        String node,
        Integer timeoutSeconds,
        String network) {
}
