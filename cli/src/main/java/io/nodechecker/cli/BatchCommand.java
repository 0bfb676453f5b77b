package io.nodechecker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code nodechecker batch FILE}: submits a batch (the JSON of {@code POST /api/batches}), prints each
 * package's result as it comes, then the Markdown report. Exits 0 only when the batch passed.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, description = "Test the packages listed in a batch file.")
class BatchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "JSON: {\"packages\":[{\"package\":\"xtend\",\"version\":\"4.0.2\",\"script\":…}]}")
    Path file;

    @Option(names = {"-g", "--gateway"}, defaultValue = "${NODECHECKER_GATEWAY:-http://127.0.0.1:8080}",
            description = "Gateway URL. Default: ${DEFAULT-VALUE}")
    URI gateway;

    private final ObjectMapper mapper;

    BatchCommand(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Integer call() throws Exception {
        GatewayClient client = new GatewayClient(mapper, System.getenv("NODECHECKER_TOKEN"));
        JsonNode batch;
        try {
            batch = client.submitBatch(gateway, Files.readAllBytes(file));
        } catch (IOException e) {
            System.err.println("refused: " + e.getMessage());
            return 2;
        }
        String id = batch.path("id").asText();
        System.err.println("batch " + id + " · " + batch.path("total").asInt() + " packages");
        Set<String> reported = new HashSet<>();
        JsonNode progress = batch;
        while (true) {
            for (JsonNode item : progress.path("items")) {
                String key = item.path("packageName").asText() + "@" + item.path("version").asText() + " "
                        + item.path("node").asText() + " " + item.path("jobId").asText();
                if (!"PENDING".equals(item.path("verdict").asText()) && reported.add(key)) {
                    System.err.println(item.path("verdict").asText() + "  " + key.substring(0, key.lastIndexOf(' '))
                            + (item.path("reason").isTextual() ? " — " + item.path("reason").asText() : ""));
                }
            }
            if (progress.path("done").asBoolean()) {
                break;
            }
            Thread.sleep(1000);
            progress = mapper.readTree(client.get(gateway, "/api/batches/" + id));
        }
        System.out.print(client.get(gateway, "/api/batches/" + id + "/report.md"));
        return progress.path("passed").asBoolean() ? 0 : 1;
    }
}
