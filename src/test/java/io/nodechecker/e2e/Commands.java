package io.nodechecker.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command the tests need to succeed (git, tar, npm): its output, or a failure that quotes it. */
final class Commands {

    private Commands() {
    }

    static String run(Path dir, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
