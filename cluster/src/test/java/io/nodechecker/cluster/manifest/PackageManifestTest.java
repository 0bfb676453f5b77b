package io.nodechecker.cluster.manifest;

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
    void readsNameVersionAndTestScriptFromTheTarball() throws Exception {
        byte[] tarball = tarball("package/index.js", "module.exports = 1",
                "package/package.json", "{\"name\":\"xtend\",\"version\":\"4.0.2\",\"scripts\":{\"test\":\"node test\"}}");

        assertThat(PackageManifest.read(tarball)).isEqualTo(new PackageManifest("xtend", "4.0.2", "node test"));
    }

    @Test
    void takesTheLastOfTwoManifestsAsTarLeavesIt() throws Exception {
        byte[] tarball = tarball("package/package.json", "{\"name\":\"a\",\"scripts\":{\"test\":\"harmless\"}}",
                "package/package.json", "{\"name\":\"a\",\"scripts\":{\"test\":\"what really runs\"}}");

        assertThat(PackageManifest.read(tarball).testScript()).isEqualTo("what really runs");
    }

    @Test
    void saysWhyBytesAreNoPackageTarball() throws IOException {
        assertThat(problem(tarball("other/package.json", "{}"))).contains("has no package/package.json");
        assertThat(problem(tarball("package/package.json", "[1,2]"))).contains("not a JSON object");
        assertThat(problem(tarball("package/package.json", "{not json"))).contains("is not JSON");
        assertThat(problem(tarball("package/package.json", " ".repeat(1024 * 1024 + 1)))).contains("larger than 1 MiB");
        assertThat(problem("not a tarball".getBytes(StandardCharsets.UTF_8))).contains("not a gzipped tar archive");
    }

    @Test
    void aManifestWithoutScriptsHasNoTests() throws Exception {
        PackageManifest manifest = PackageManifest.read(tarball("package/package.json", "{\"name\":\"x\",\"version\":\"1.0.0\"}"));

        assertThat(manifest.testScript()).isEmpty();
        assertThat(manifest.hasTests()).isFalse();
    }

    @Test
    void readsThePackageManagerAndTheLockfileBesidePackageJsonAlsoInAMonoreposFolder() throws Exception {
        byte[] tarball = tarball("package/yarn.lock", "", "package/package-lock.json", "{}",
                "package/packages/a/package.json", "{\"name\":\"a\",\"version\":\"1.0.0\",\"packageManager\":\"pnpm@9.1.0\"}",
                "package/packages/a/pnpm-lock.yaml", "", "package/package.json", "{\"name\":\"root\"}");

        assertThat(PackageManifest.read(tarball).lockfile()).isEqualTo("package-lock.json");
        assertThat(PackageManifest.read(tarball).packageManager()).isEmpty();
        PackageManifest inner = PackageManifest.read(tarball, "package/packages/a/package.json");
        assertThat(inner.name()).isEqualTo("a");
        assertThat(inner.packageManager()).isEqualTo("pnpm@9.1.0");
        assertThat(inner.lockfile()).isEqualTo("pnpm-lock.yaml");
    }

    @Test
    void aTarballOfMoreEntriesThanTheBoundIsRefusedEvenWhenEveryEntryIsEmpty() throws Exception {
        String[] empties = new String[2 * 200_001];
        for (int i = 0; i < 200_001; i++) {
            empties[2 * i] = "package/e" + i;
            empties[2 * i + 1] = "";
        }

        assertThat(problem(tarball(empties))).isEqualTo("the tarball has more than 200000 entries");
    }

    private static String problem(byte[] tarball) {
        try {
            PackageManifest.read(tarball);
            return "(read without a problem)";
        } catch (PackageManifest.Invalid e) {
            return e.getMessage();
        }
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
