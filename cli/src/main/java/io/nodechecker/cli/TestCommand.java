package io.nodechecker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.model.constraint.PackageNames;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code nodechecker test <pkg>[@version]...}: submits each package, prints its output live, then
 * its outcome. Exits 0 only when every package PASSED.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Test packages and print their output as it is written.")
class TestCommand implements Callable<Integer> {

    // picocli's AUTO: colours only on a terminal, and never when NO_COLOR is set.
    private static final CommandLine.Help.Ansi ANSI = CommandLine.Help.Ansi.AUTO;

    @Parameters(arity = "1..*", paramLabel = "<package[@version]>", description = "e.g. xtend@4.0.2, left-pad, @scope/name@next")
    List<String> specs;

    @Option(names = "--node", split = ",", description = "Node major versions, e.g. 18,20 (the gateway's default when absent)")
    List<String> nodes;

    @Option(names = "--code", paramLabel = "auto|tarball|repository",
            description = "What is tested: the published tarball, the repository at the version's commit, or auto (the"
                    + " tarball when it carries its tests, else the repository; the gateway's default)")
    String code;

    @Option(names = {"-g", "--gateway"}, split = ",", defaultValue = "${NODECHECKER_GATEWAY:-http://127.0.0.1:8080}",
            description = "Gateway URL; several (comma-separated) to fail over between. Default: ${DEFAULT-VALUE}")
    List<URI> gateways;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Also write the whole output, as stored (both streams, in order), to FILE")
    Path save;

    private final ObjectMapper mapper;

    TestCommand(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Integer call() throws Exception {
        GatewayClient client = new GatewayClient(mapper, System.getenv("NODECHECKER_TOKEN"));
        boolean allPassed = true;
        for (String spec : specs) {
            String[] parts = PackageNames.splitSpec(spec);
            String problem = PackageNames.publishedNameProblem(parts[0]);
            if (problem == null) {
                problem = PackageNames.versionProblem(parts[1]);
            }
            if (problem != null) {
                System.err.println(spec + ": " + problem);
                return 2;
            }
            allPassed &= test(client, parts[0], parts[1]);
        }
        return allPassed ? 0 : 1;
    }

    private boolean test(GatewayClient client, String name, String version) throws InterruptedException {
        JsonNode submitted;
        try {
            submitted = submitAnywhere(client, name, version);
        } catch (IOException e) {
            System.err.println(red("refused: " + e.getMessage()));
            return false;
        }
        boolean passed = true;
        for (JsonNode job : submitted.has("jobs") ? submitted.path("jobs") : List.of(submitted)) {
            passed &= follow(client, name, job);
        }
        return passed;
    }

    private boolean follow(GatewayClient client, String name, JsonNode job) throws InterruptedException {
        String id = job.path("id").asText();
        System.err.println("job " + id + " · " + job.path("package").asText() + "@" + job.path("version").asText()
                + " on Node " + job.path("node").asText() + " (code: " + job.path("requestedCode").asText("auto") + ")");
        JsonNode result;
        try (OutputStream saved = save == null ? null : Files.newOutputStream(save)) {
            result = new LiveStream(client, mapper, System.out, System.err, saved).follow(gateways, id);
        } catch (IOException e) {
            System.err.println(red("cannot write " + save + ": " + e.getMessage()));
            return false;
        }
        if (result == null) {
            System.err.println(red("lost the job's live stream on every gateway; see "
                    + gateways.get(0).resolve("/api/jobs/" + id)));
            return false;
        }
        String outcome = result.path("outcome").asText();
        boolean passed = "PASSED".equals(outcome);
        System.err.println((passed ? green(outcome) : red(outcome)) + " " + name + "@"
                + result.path("job").path("version").asText() + " — " + safe(result.path("reason").asText()));
        return passed;
    }

    /** A sentence that may quote the package's output, for the terminal. */
    static String safe(String text) {
        return new TerminalText(false).filter(text);
    }

    private JsonNode submitAnywhere(GatewayClient client, String name, String version)
            throws IOException, InterruptedException {
        IOException last = null;
        for (URI gateway : gateways) {
            try {
                return client.submit(gateway, name, version, nodes, code);
            } catch (GatewayClient.RefusedException refused) {
                throw refused;
            } catch (IOException unreachable) {
                last = new IOException(gateway + " did not answer (" + unreachable.getClass().getSimpleName() + ")");
            }
        }
        throw last;
    }

    private static String red(String text) {
        return ANSI.string("@|bold,red " + escape(text) + "|@");
    }

    private static String green(String text) {
        return ANSI.string("@|bold,green " + escape(text) + "|@");
    }

    // picocli's markup reads "|@" and "@|" as its own.
    private static String escape(String text) {
        return text.replace("@|", "@ |").replace("|@", "| @");
    }
}
