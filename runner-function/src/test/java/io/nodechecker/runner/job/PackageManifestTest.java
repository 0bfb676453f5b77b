package io.nodechecker.runner.job;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PackageManifestTest {

    @Test
    void readsNameVersionAndTestScriptFromTheTarball() throws IOException {
        byte[] tarball = tarball("package/index.js", "module.exports = 1",
                "package/package.json", "{\"name\":\"xtend\",\"version\":\"4.0.2\",\"scripts\":{\"test\":\"node test\"}}");

        assertThat(PackageManifest.of(tarball)).isEqualTo(new PackageManifest("xtend", "4.0.2", "node test"));
    }

    @Test
    void takesTheLastOfTwoManifestsAsTarLeavesIt() throws IOException {
        byte[] tarball = tarball("package/package.json", "{\"name\":\"a\",\"scripts\":{\"test\":\"harmless\"}}",
                "package/package.json", "{\"name\":\"a\",\"scripts\":{\"test\":\"what really runs\"}}");

        assertThat(PackageManifest.of(tarball).testScript()).isEqualTo("what really runs");
    }

    @Test
    void hasNoManifestWithoutAPackageJsonObject() throws IOException {
        assertThat(PackageManifest.of(tarball("other/package.json", "{}"))).isNull();
        assertThat(PackageManifest.of(tarball("package/package.json", "[1,2]"))).isNull();
        assertThat(PackageManifest.of(tarball("package/package.json", "{not json"))).isNull();
        assertThat(PackageManifest.of("not a tarball".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void aManifestWithoutScriptsHasNoTests() throws IOException {
        PackageManifest manifest = PackageManifest.of(tarball("package/package.json", "{\"name\":\"x\",\"version\":\"1.0.0\"}"));

        assertThat(manifest.testScript()).isEmpty();
        assertThat(manifest.hasTests()).isFalse();
    }

    /** A gzipped tar of (name, content) pairs, in order. */
    static byte[] tarball(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(namesAndContents[i]);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
