package io.nodechecker.e2e;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a person would type to test a package, to compare a verdict with: {@code npm install} and {@code npm test}
 * in a plain {@code docker run} of the image the job ran in, with the CA bundle mounted as the runner mounts it
 * (the image has Debian's own, not this network's) and node-gyp pointed at the image's headers as for a job's
 * install. Answers the exit code; -1 when it did not end in 15 minutes.
 */
final class PlainRun {

    private PlainRun() {
    }

    /** The published tarball of {@code spec}: npm pack, unpack, install, test. */
    static int published(String spec, String image) throws Exception {
        return docker(image, null, "npm pack -q \"$0\" >/dev/null && tar -xzf ./*.tgz && cd package"
                + " && npm install --no-audit --no-fund && npm test", spec);
    }

    /**
     * A repository's {@code commit}, cloned by git itself from {@code repository} (a path on disk), in
     * {@code directory} of it when not null.
     */
    static int checkout(Path repository, String commit, String directory, String image) throws Exception {
        Path work = Files.createTempDirectory("plain-");
        Commands.run(work, List.of("git", "clone", "--quiet", repository.toString(), "package"));
        Commands.run(work, List.of("git", "-C", "package", "checkout", "--quiet", commit));
        Path tarball = work.resolve("code.tgz");
        Commands.run(work, List.of("tar", "-czf", tarball.toString(), "package"));
        return docker(image, tarball, "tar -xzf - && cd \"$0\" && npm install --no-audit --no-fund && npm test",
                directory == null ? "package" : "package/" + directory);
    }

    private static int docker(String image, Path stdin, String script, String argument) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "-i",
                "-v", "/etc/ssl/certs/ca-certificates.crt:/etc/nodechecker/ca.pem:ro",
                "-e", "NODE_EXTRA_CA_CERTS=/etc/nodechecker/ca.pem",
                // As the runner's install has it: node-gyp builds against the image's own headers.
                "-e", "npm_config_nodedir=/usr/local", "-w", "/tmp", image, "sh", "-c", script, argument));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        if (stdin == null) {
            process.getOutputStream().close();
        }
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
