package io.nodechecker.runner.source;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a published tarball carries test files, which decides what {@code code: auto} tests: a file in a
 * {@code test}, {@code tests}, {@code __tests__}, {@code spec} or {@code specs} folder, or one named
 * {@code test.js}, {@code test.mjs}, {@code *.test.js}, {@code *.spec.ts} and the like, outside
 * {@code node_modules}. Only entry names are read; the scan stops at a bound of entries.
 */
public final class TestFiles {

    private static final Pattern TEST_FILE = Pattern.compile(
            "(?:^|/)(?:(?:test|tests|__tests__|spec|specs)/.*[^/]|tests?\\.[cm]?[jt]sx?|[^/]+[.-](?:test|spec)\\.[cm]?[jt]sx?)$");
    private static final int MAX_ENTRIES = 100_000;

    private TestFiles() {
    }

    /** The first test file of {@code tarball} (its path inside the package), or empty when it has none. */
    public static Optional<String> first(byte[] tarball) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(tarball)))) {
            TarArchiveEntry entry;
            int seen = 0;
            while ((entry = tar.getNextEntry()) != null && seen++ < MAX_ENTRIES) {
                String name = entry.getName().replaceFirst("^[^/]+/", "");
                if (entry.isFile() && !name.contains("node_modules/") && TEST_FILE.matcher(name).find()) {
                    return Optional.of(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
