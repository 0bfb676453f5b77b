package io.nodechecker.gateway.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.gateway.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Reads the name and version of an uploaded package tarball (as {@code npm pack} makes it: a gzipped
 * tar with {@code package/package.json}). Only that one entry is read, and only so far; nothing is
 * extracted on the gateway.
 */
@ApplicationScoped
public class TarballInspector {

    private static final int MAX_MANIFEST_BYTES = 1024 * 1024;
    private static final String MANIFEST = "package/package.json";

    private final ObjectMapper mapper;

    TarballInspector(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The package's name and version; 400 when the bytes are no npm package tarball. Where the archive
     * holds package/package.json twice, the last one counts, as tar leaves it and as the runner reads it.
     */
    public Manifest inspect(byte[] tarball) {
        JsonNode json = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(tarball)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile() && MANIFEST.equals(entry.getName())) {
                    if (entry.getSize() > MAX_MANIFEST_BYTES) {
                        throw invalid("package/package.json is larger than 1 MiB");
                    }
                    json = mapper.readTree(tar.readNBytes(MAX_MANIFEST_BYTES));
                }
            }
        } catch (IOException e) {
            throw invalid("the tarball is not a gzipped tar archive: " + e.getMessage());
        }
        if (json == null) {
            throw invalid("the tarball has no package/package.json (make it with npm pack)");
        }
        return new Manifest(json.path("name").asText(""), json.path("version").asText(""));
    }

    private static ApiException invalid(String detail) {
        return new ApiException(400, "Invalid package tarball", detail);
    }

    /** What the tarball's package.json says. */
    public record Manifest(String name, String version) {
    }
}
