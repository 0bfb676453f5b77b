package io.nodechecker.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A git server on loopback speaking git's smart HTTP: the JDK's HTTP server runs {@code git http-backend}
 * as a CGI program for each request, over bare repositories made from git bundles in the test resources
 * (real repositories with their tags). Stands for a public git host, which tests never reach.
 */
final class GitServer implements AutoCloseable {

    private final HttpServer server;
    private final Path root;

    private GitServer(HttpServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    /** Serves each bundle of {@code bundles} (resource name → repository path such as {@code isaacs/once.git}). */
    static GitServer serving(Map<String, String> bundles) throws Exception {
        Map<Path, String> sources = new java.util.LinkedHashMap<>();
        bundles.forEach((bundle, path) -> sources.put(TestStack.ROOT.resolve("src/test/resources/repositories").resolve(bundle), path));
        return serve(sources);
    }

    /**
     * Serves every repository under {@code mirrors} laid out as {@code <owner>+<name>/repo} (bare, with its
     * tags) as {@code <owner>/<name>.git}; none when the folder does not exist.
     */
    static GitServer servingMirrors(Path mirrors) throws Exception {
        Map<Path, String> sources = new java.util.LinkedHashMap<>();
        if (Files.isDirectory(mirrors)) {
            try (var entries = Files.list(mirrors)) {
                entries.filter(dir -> dir.getFileName().toString().contains("+") && Files.isDirectory(dir.resolve("repo")))
                        .sorted().forEach(dir -> sources.put(dir.resolve("repo"),
                                dir.getFileName().toString().replaceFirst("\\+", "/") + ".git"));
            }
        }
        return serve(sources);
    }

    /** The repositories served, as {@code <owner>/<name>.git}. */
    List<String> repositories() throws IOException {
        try (var owners = Files.list(root)) {
            return owners.flatMap(owner -> {
                try (var names = Files.list(owner)) {
                    return names.map(name -> owner.getFileName() + "/" + name.getFileName()).toList().stream();
                } catch (IOException e) {
                    return java.util.stream.Stream.empty();
                }
            }).sorted().toList();
        }
    }

    private static GitServer serve(Map<Path, String> sources) throws Exception {
        Path root = Files.createTempDirectory("git-server-");
        for (Map.Entry<Path, String> source : sources.entrySet()) {
            Commands.run(root, List.of("git", "clone", "--quiet", "--mirror", source.getKey().toString(),
                    root.resolve(source.getValue()).toString()));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        GitServer git = new GitServer(server, root);
        server.createContext("/", git::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return git;
    }

    /** Where the server's repositories are: {@code http://127.0.0.1:<port>/}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The bare repository at {@code path} on disk, for a plain clone to compare with. */
    Path repository(String path) {
        return root.resolve(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = cgi.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getPath());
            env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
            env.put("CONTENT_LENGTH", String.valueOf(body.length));
            env.put("REMOTE_ADDR", "127.0.0.1");
            copyHeader(exchange, "Content-Type", env, "CONTENT_TYPE");
            copyHeader(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
            copyHeader(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
            Process process = cgi.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(body);
            }
            byte[] output;
            try (InputStream out = process.getInputStream()) {
                output = out.readAllBytes();
            }
            process.waitFor(30, TimeUnit.SECONDS);
            respond(exchange, output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a CGI answer: its header lines (Status among them), then its body. */
    private static void respond(HttpExchange exchange, byte[] output) throws IOException {
        int end = indexOf(output, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int separator = 4;
        if (end < 0) {
            end = indexOf(output, "\n\n".getBytes(StandardCharsets.US_ASCII));
            separator = 2;
        }
        int status = 200;
        for (String line : new String(output, 0, Math.max(end, 0), StandardCharsets.US_ASCII).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        int from = end < 0 ? 0 : end + separator;
        exchange.sendResponseHeaders(status, output.length - from == 0 ? -1 : output.length - from);
        if (output.length > from) {
            exchange.getResponseBody().write(output, from, output.length - from);
        }
    }

    private static void copyHeader(HttpExchange exchange, String header, Map<String, String> env, String variable) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
            env.put(variable, value);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
