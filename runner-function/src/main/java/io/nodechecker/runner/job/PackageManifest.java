package io.nodechecker.runner.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.cluster.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/** What a fetched package says of itself in its package.json. */
record PackageManifest(String name, String version, String testScript) {

    // What `npm init` writes when the author gave no test command.
    private static final String NPM_PLACEHOLDER = "echo \"Error: no test specified\" && exit 1";
    private static final String ENTRY = "package/package.json";
    private static final int MAX_BYTES = 1024 * 1024;
    private static final long MAX_SCAN_BYTES = 1024L * 1024 * 1024;

    /**
     * Reads {@code package/package.json} from the tarball the container unpacks, so the same manifest:
     * where the archive holds that entry twice, the last one, as tar leaves it. Up to 1 MiB of it, and
     * the scan stops past 1 GiB of declared content (the work area could not hold more anyway). Null
     * when there is no such entry or it is no JSON object.
     */
    static PackageManifest of(byte[] tarball) {
        byte[] manifest = null;
        long scanned = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(tarball)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null && scanned <= MAX_SCAN_BYTES) {
                scanned += Math.max(0, entry.getSize());
                if (ENTRY.equals(entry.getName())) {
                    manifest = entry.isFile() && entry.getSize() <= MAX_BYTES ? tar.readNBytes(MAX_BYTES) : null;
                }
            }
            JsonNode json = manifest == null ? null : Json.MAPPER.readTree(manifest);
            if (json == null || !json.isObject()) {
                return null;
            }
            return new PackageManifest(json.path("name").asText(""), json.path("version").asText(""),
                    json.path("scripts").path("test").asText(""));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    boolean hasTests() {
        String script = testScript == null ? "" : testScript.trim();
        return !script.isEmpty() && !script.equals(NPM_PLACEHOLDER);
    }
}
