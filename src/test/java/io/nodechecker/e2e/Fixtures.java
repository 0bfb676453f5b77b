package io.nodechecker.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Package tarballs made from the fixture folders under src/test/resources/fixtures, as npm pack would. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] tarball(String fixture) throws Exception {
        Path dir = TestStack.ROOT.resolve("src/test/resources/fixtures").resolve(fixture);
        if (!Files.isDirectory(dir.resolve("package"))) {
            throw new IllegalArgumentException("no fixture " + fixture + " at " + dir);
        }
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
