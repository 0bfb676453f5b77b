package io.nodechecker.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Class-data sharing archives of this build's apps: one start of each writes the classes it loaded on exit;
 * later starts map the archive ({@link #gatewayOption()}) instead of loading those classes from the jars.
 */
record ClassDataArchives(Path gateway, Path runner) {

    static ClassDataArchives write() throws Exception {
        Path archives = Files.createTempDirectory("nodechecker-cds");
        ClassDataArchives written = new ClassDataArchives(archives.resolve("gateway.jsa"), archives.resolve("runner.jsa"));
        try (TestStack stack = new TestStack(2)) {
            stack.startGateway("-XX:ArchiveClassesAtExit=" + written.gateway());
            stack.startRunner("-XX:ArchiveClassesAtExit=" + written.runner());
        }
        return written;
    }

    String gatewayOption() {
        return "-XX:SharedArchiveFile=" + gateway;
    }

    String runnerOption() {
        return "-XX:SharedArchiveFile=" + runner;
    }
}
