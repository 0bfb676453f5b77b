package io.nodechecker.cluster.manifest;

import io.nodechecker.cluster.codec.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * What a package tarball (as {@code npm pack} makes it) says of itself in {@code package/package.json}:
 * read by the gateway to check an upload and by the runner to know the test script, from the very bytes
 * the job container unpacks. Nothing is extracted; only that entry is read. {@code pretestScript} and
 * {@code posttestScript} are the scripts npm runs around {@code test}, empty when the package has none;
 * {@code packageManager} is package.json's field of that name ({@code yarn@4.1.0}), {@code lockfile} the
 * lockfile beside package.json ({@code yarn.lock}), each empty when there is none.
 */
@RegisterForReflection
public record PackageManifest(String name, String version, String testScript, String pretestScript,
                              String posttestScript, String packageManager, String lockfile) {

    public PackageManifest(String name, String version, String testScript) {
        this(name, version, testScript, "", "");
    }

    public PackageManifest(String name, String version, String testScript, String pretestScript, String posttestScript) {
        this(name, version, testScript, pretestScript, posttestScript, "", "");
    }

    // The lockfiles of npm, yarn and pnpm, in the order npm's own wins over the others'.
    private static final List<String> LOCKFILES = List.of("npm-shrinkwrap.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml");

    // What `npm init` writes when the author gave no test command.
    private static final String NPM_PLACEHOLDER = "echo \"Error: no test specified\" && exit 1";
    private static final String ENTRY = "package/package.json";
    private static final int MAX_BYTES = 1024 * 1024;
    // The work area could not hold more than this anyway; a gzip bomb stops being read here.
    private static final long MAX_SCAN_BYTES = 1024L * 1024 * 1024;
    private static final int MAX_ENTRIES = 200_000;

    /**
     * The manifest of {@code tarball}. Where the archive holds {@code package/package.json} twice, the
     * last one counts, as tar leaves it.
     *
     * @throws Invalid saying why the bytes are no npm package tarball
     */
    public static PackageManifest read(byte[] tarball) throws Invalid {
        return read(tarball, ENTRY);
    }

    /** The manifest at {@code path} of {@code tarball} (a monorepo's package sits deeper than {@code package/}). */
    public static PackageManifest read(byte[] tarball, String path) throws Invalid {
        String folder = path.substring(0, path.lastIndexOf('/') + 1);
        String lockfile = "";
        TarArchiveEntry last = null;
        byte[] content = null;
        long scanned = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(tarball)))) {
            TarArchiveEntry entry;
            int entries = 0;
            while ((entry = tar.getNextEntry()) != null && scanned <= MAX_SCAN_BYTES) {
                scanned += Math.max(0, entry.getSize());
                if (++entries > MAX_ENTRIES) {
                    // Empty entries cost no bytes: without a count, millions of them would be read for free.
                    throw new Invalid("the tarball has more than " + MAX_ENTRIES + " entries");
                }
                if (path.equals(entry.getName())) {
                    last = entry;
                    content = entry.isFile() && entry.getSize() <= MAX_BYTES ? tar.readNBytes(MAX_BYTES) : null;
                } else if (entry.isFile() && entry.getName().startsWith(folder)
                        && LOCKFILES.contains(entry.getName().substring(folder.length()))) {
                    String name = entry.getName().substring(folder.length());
                    if (lockfile.isEmpty() || LOCKFILES.indexOf(name) < LOCKFILES.indexOf(lockfile)) {
                        lockfile = name;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new Invalid("the tarball is not a gzipped tar archive: " + e.getMessage());
        }
        if (last == null) {
            throw new Invalid("the tarball has no " + path + " (make it with npm pack)");
        }
        if (!last.isFile()) {
            throw new Invalid(path + " is not a regular file");
        }
        if (content == null) {
            throw new Invalid(path + " is larger than 1 MiB");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(content);
        } catch (IOException e) {
            throw new Invalid(path + " is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new Invalid(path + " is not a JSON object");
        }
        JsonNode scripts = json.path("scripts");
        return new PackageManifest(json.path("name").asText(""), json.path("version").asText(""),
                scripts.path("test").asText(""), scripts.path("pretest").asText(""), scripts.path("posttest").asText(""),
                json.path("packageManager").isTextual() ? json.path("packageManager").asText() : "", lockfile);
    }

    /** Whether {@code npm test} would run something: a test script that is not npm's placeholder. */
    public boolean hasTests() {
        String script = testScript == null ? "" : testScript.trim();
        return !script.isEmpty() && !script.equals(NPM_PLACEHOLDER);
    }

    /** Why some bytes are no npm package tarball, in a sentence for the user. */
    public static final class Invalid extends Exception {

        public Invalid(String message) {
            super(message);
        }
    }
}
