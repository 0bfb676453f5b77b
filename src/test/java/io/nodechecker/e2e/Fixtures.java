package io.nodechecker.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Package tarballs made from the fixture folders under src/test/resources/fixtures, as npm pack would. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] tarball(String fixture) throws Exception {
        Path dir = TestStack.ROOT.resolve("src/test/resources/fixtures").resolve(fixture);
        if (!Files.isDirectory(dir.resolve("package"))) {
            throw new IllegalArgumentException("no fixture " + fixture + " at " + dir);
        }
        return pack(fixture, dir);
    }

    /** The {@code flood} fixture printing {@code mib} MiB instead of its 64, as package {@code nc-fixture-flood-<mib>m}. */
    static byte[] flood(int mib) throws Exception {
        return tarball("flood", Map.of("package.json", "{ \"name\": \"nc-fixture-flood-" + mib + "m\", \"version\": \"1.0.0\","
                + " \"scripts\": { \"test\": \"node flood.js " + mib + "\" } }"));
    }

    /** The fixture with more files in its package folder, such as what a probe should try. */
    static byte[] tarball(String fixture, Map<String, String> files) throws Exception {
        Path copy = Files.createTempDirectory("fixture-" + fixture + "-");
        Path source = TestStack.ROOT.resolve("src/test/resources/fixtures").resolve(fixture).resolve("package");
        Files.createDirectories(copy.resolve("package"));
        try (var listing = Files.list(source)) {
            for (Path file : listing.toList()) {
                Files.copy(file, copy.resolve("package").resolve(file.getFileName()));
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(copy.resolve("package").resolve(file.getKey()), file.getValue());
        }
        try {
            return pack(fixture, copy);
        } finally {
            try (var walk = Files.walk(copy)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static byte[] pack(String fixture, Path dir) throws Exception {
        Path out = Files.createTempFile("fixture-" + fixture + "-", ".tgz");
        Process tar = new ProcessBuilder("tar", "-czf", out.toString(), "-C", dir.toString(), "package")
                .redirectErrorStream(true).start();
        String said = new String(tar.getInputStream().readAllBytes());
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("tar failed: " + said);
        }
        byte[] bytes = Files.readAllBytes(out);
        Files.delete(out);
        return bytes;
    }
}
