package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.LoopbackPorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real npm registry server for the tests: Verdaccio from npm (installed by {@code scripts/verdaccio.sh}),
 * on a loopback port, with its own storage and users, no uplink to any other registry, and a
 * {@code notify} that POSTs every publish of a package matching {@code notifyPattern} to a gateway.
 * Packages are published to it with the host's own {@code npm publish}.
 */
final class Verdaccio implements AutoCloseable {

    static final Path HOME = Path.of(System.getProperty("nodechecker.verdaccio",
            System.getProperty("user.home") + "/.cache/nodechecker/verdaccio"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dir;
    private final int port;
    private final Path npmrc;

    private Verdaccio(Process process, Path dir, int port, Path npmrc) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.npmrc = npmrc;
    }

    /**
     * Starts a server in {@code dir}; a publish of a package whose name matches {@code notifyPattern}
     * is POSTed to {@code notifyUrl} with {@code Authorization: Bearer notifyToken}.
     */
    static Verdaccio start(Path dir, String notifyUrl, String notifyToken, String notifyPattern) throws Exception {
        return start(dir, notifyUrl, notifyToken, notifyPattern, null);
    }

    /**
     * A server that also serves every package not published to it from {@code uplink} (npm's registry), so a
     * stack pointed at it tests real packages and fixtures side by side. Fixtures ({@code nc-*}) never go there.
     */
    static Verdaccio withUplink(Path dir, String uplink) throws Exception {
        return start(dir, "http://127.0.0.1:9/", "unused", "^$", uplink);
    }

    private static Verdaccio start(Path dir, String notifyUrl, String notifyToken, String notifyPattern, String uplink)
            throws Exception {
        Path binary = HOME.resolve("node_modules/.bin/verdaccio");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Verdaccio is not installed at " + HOME + ": run scripts/verdaccio.sh");
        }
        Files.createDirectories(dir);
        int port = LoopbackPorts.free();
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                storage: %1$s/storage
                auth:
                  htpasswd:
                    file: %1$s/htpasswd
                    max_users: 10
                uplinks: %5$s
                packages:
                  'nc-*':
                    access: $all
                    publish: $authenticated
                  '**':
                    access: $all
                    publish: $authenticated
                    %6$s
                log: { type: stdout, format: pretty, level: warn }
                notify:
                  method: POST
                  packagePattern: '%4$s'
                  headers: [{ 'Content-Type': 'application/json' }, { 'Authorization': 'Bearer %3$s' }]
                  endpoint: %2$s
                  content: '{"publishedPackage":"{{ publishedPackage }}"}'
                """.formatted(dir, notifyUrl, notifyToken, notifyPattern,
                uplink == null ? "{}" : "{ npmjs: { url: '" + uplink + "', timeout: 60s } }",
                uplink == null ? "" : "proxy: npmjs"));
        Process process = new ProcessBuilder(binary.toString(), "--config", config.toString(), "--listen",
                "127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(dir.resolve("verdaccio.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String token = null;
        while (token == null) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Verdaccio did not start: " + Files.readString(dir.resolve("verdaccio.log")));
            }
            try {
                // npm adduser's request: the answer carries the token npm publish authenticates with.
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/-/user/org.couchdb.user:publisher")).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"publisher\",\"password\":\"publisher-password\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                token = JSON.readTree(created.body()).path("token").asText(null);
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        Path npmrc = dir.resolve("npmrc");
        Files.writeString(npmrc, "registry=http://127.0.0.1:" + port + "/\n//127.0.0.1:" + port + "/:_authToken=" + token + "\n");
        return new Verdaccio(process, dir, port, npmrc);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Publishes a package whose test passes and prints its name and version; returns when npm has. */
    void publish(String name, String version) throws Exception {
        Path work = Files.createDirectories(dir.resolve("packages").resolve(name + "-" + version));
        Files.writeString(work.resolve("package.json"), """
                { "name": "%s", "version": "%s", "scripts": { "test": "node test.js" } }
                """.formatted(name, version));
        Files.writeString(work.resolve("test.js"), """
                console.log('TAP version 13');
                console.log('ok 1 %s@%s was published and tested');
                console.log('1..1');
                """.formatted(name, version));
        List<String> command = new ArrayList<>(List.of("npm", "publish", "--userconfig", npmrc.toString(),
                "--registry", url(), "--loglevel=error"));
        Process npm = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(2, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm publish " + name + "@" + version + " failed: " + output);
        }
    }

    /** Publishes the fixture folder {@code src/test/resources/fixtures/<fixture>/package} as it is. */
    void publishFixture(String fixture) throws Exception {
        Path work = TestStack.ROOT.resolve("src/test/resources/fixtures").resolve(fixture).resolve("package");
        Process npm = new ProcessBuilder("npm", "publish", "--userconfig", npmrc.toString(), "--registry", url(),
                "--loglevel=error").directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(2, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm publish of fixture " + fixture + " failed: " + output);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
