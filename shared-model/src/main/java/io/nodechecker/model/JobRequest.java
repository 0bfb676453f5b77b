package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The JSON body of {@code POST /api/jobs}.
 *
 * @param version        exact version or dist-tag; {@code latest} when absent
 * @param node           one Node major version ({@code "20"}) or several ({@code ["18","20"]}: one job each,
 *                       grouped); the gateway's default when absent
 * @param timeoutSeconds wall-clock limit of the test phase; the runner's limit when absent
 * @param network        {@code none}, {@code install-only} (the default) or {@code full}
 */
@RegisterForReflection
public record JobRequest(
        @JsonProperty("package") String packageName,
        String version,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> node,
        Integer timeoutSeconds,
        String network) {
}
