package io.nodechecker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code nodechecker repro JOB}: the job's steps — fetch the same code (the registry's tarball of the version, or
 * the repository at the commit), {@code npm install}, then {@code npm test} or the job's script, with its
 * environment — in the same image on this machine's Docker, output live. Exits with the test's exit code.
 */
@Command(name = "repro", mixinStandardHelpOptions = true,
        description = "Run a job's steps again in the same image on your own Docker, output live.")
class ReproCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JOB", description = "the job's id")
    String jobId;

    @Option(names = "--image", description = "the image to run in (default: nodechecker/node:<the job's Node>,"
            + " which scripts/node-image.sh makes)")
    String image;

    @Option(names = "--registry", defaultValue = "https://registry.npmjs.org/",
            description = "the npm registry the code and its dependencies come from. Default: ${DEFAULT-VALUE}")
    URI registry;

    @Option(names = "--docker-network", defaultValue = "bridge",
            description = "the Docker network the container runs on. Default: ${DEFAULT-VALUE}")
    String network;

    @Mixin
    GatewayOption target;

    private final ObjectMapper mapper;

    ReproCommand(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Integer call() throws Exception {
        GatewayClient client = new GatewayClient(mapper, System.getenv("NODECHECKER_TOKEN"));
        JsonNode job = mapper.readTree(client.get(target.gateway, "/api/jobs/" + jobId));
        if (!job.path("id").isTextual()) {
            System.err.println(TestCommand.safe("no job " + jobId + ": " + job.path("detail").asText(job.toString())));
            return 2;
        }
        if ("UPLOAD".equals(job.path("source").asText())) {
            System.err.println("job " + jobId + " tested an uploaded tarball, which only its uploader has");
            return 2;
        }
        List<String> command = command(job);
        System.err.println(TestCommand.safe("repro of job " + jobId + ": " + job.path("package").asText() + "@"
                + job.path("version").asText() + " on Node " + job.path("node").asText() + " (it was "
                + job.path("state").asText() + ") in " + command.get(command.size() - 4)));
        Process docker = new ProcessBuilder(command).redirectErrorStream(true).start();
        docker.getOutputStream().close();
        relay(docker.getInputStream(), System.out);
        int exit = docker.waitFor();
        System.err.println("exit code " + exit + (job.path("exitCode").isNumber()
                ? " (the job's was " + job.path("exitCode").asInt() + ")" : ""));
        return exit;
    }

    /** {@code docker run} with the job's code and steps as environment variables of a fixed script. */
    List<String> command(JsonNode job) throws Exception {
        String script;
        try (InputStream in = Objects.requireNonNull(ReproCommand.class.getResourceAsStream("repro.sh"))) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "--network", network));
        JsonNode code = job.path("code");
        env(command, "NC_PACKAGE", job.path("package").asText());
        env(command, "NC_VERSION", job.path("version").asText());
        if ("repository".equals(code.path("kind").asText())) {
            env(command, "NC_REPOSITORY", code.path("repository").asText());
            env(command, "NC_COMMIT", code.path("commit").asText());
            if (code.path("directory").isTextual()) {
                env(command, "NC_DIRECTORY", code.path("directory").asText());
            }
        }
        env(command, "npm_config_registry", registry.toString());
        JsonNode overrides = job.path("overrides");
        if (overrides.path("testScript").isTextual()) {
            env(command, "NC_SCRIPT", overrides.path("testScript").asText());
        }
        List<String> flags = new ArrayList<>();
        overrides.path("installArgs").forEach(flag -> flags.add(flag.asText()));
        if (!flags.isEmpty()) {
            env(command, "NC_INSTALL_ARGS", String.join(" ", flags));
        }
        for (Map.Entry<String, JsonNode> variable : overrides.path("env").properties()) {
            env(command, variable.getKey(), variable.getValue().asText());
        }
        command.add(image != null ? image : "nodechecker/node:" + job.path("node").asText());
        command.addAll(List.of("bash", "-c", script));
        return command;
    }

    private static void env(List<String> command, String name, String value) {
        command.add("--env");
        command.add(name + "=" + value);
    }

    /** The container's output as it comes, without the control sequences a package may print. */
    private static void relay(InputStream output, PrintStream out) throws Exception {
        TerminalText filter = new TerminalText(true);
        Reader reader = new InputStreamReader(output, StandardCharsets.UTF_8);
        char[] buffer = new char[8192];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
            out.print(filter.filter(new String(buffer, 0, n)));
            out.flush();
        }
    }
}
