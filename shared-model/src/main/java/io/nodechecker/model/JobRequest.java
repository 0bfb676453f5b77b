package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.nodechecker.model.constraint.NodeMajor;
import io.nodechecker.model.constraint.NpmName;
import io.nodechecker.model.constraint.NpmVersion;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The JSON body of {@code POST /api/jobs}. The annotations are its shape, checked by the gateway; what depends
 * on the gateway (its time limit and network cap, the Node versions its runners offer) is checked there.
 *
 * @param version        exact version or dist-tag; {@code latest} when absent
 * @param node           one Node major version ({@code "20"}) or several ({@code ["18","20"]}: one job each,
 *                       grouped); the gateway's default when absent
 * @param timeoutSeconds wall-clock limit of the test phase; the runner's limit when absent
 * @param network        {@code none}, {@code install-only} (the default) or {@code full}
 * @param code           what is tested: {@code auto} (the default: the tarball when it carries its tests, else the
 *                       repository at the version's commit), {@code tarball} or {@code repository}
 */
@RegisterForReflection
@Schema(requiredProperties = "package")
public record JobRequest(
        @NpmName @JsonProperty("package") String packageName,
        @NpmVersion String version,
        @Size(max = 10, message = "at most 10 Node versions")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<@NodeMajor String> node,
        @Min(value = 1, message = "must be at least 1") Integer timeoutSeconds,
        @Pattern(regexp = NetworkPolicy.WIRE_NAMES, message = "must be none, install-only or full") String network,
        @Pattern(regexp = "^(" + CodeChoice.WIRE_NAMES + ")$", message = "must be auto, tarball or repository") String code) {
}
