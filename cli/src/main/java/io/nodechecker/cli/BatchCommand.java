package io.nodechecker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code nodechecker batch FILE}: submits a batch (the JSON of {@code POST /api/batches}, or CITGM's
 * {@code lookup.json} as it is), prints each package's result as it comes, then the Markdown report.
 * Exits 0 only when the batch passed; with {@code --compare}, only when nothing is newly failing.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Test the packages listed in a batch file or in CITGM's lookup.json.")
class BatchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "JSON: {\"packages\":[{\"package\":\"xtend\",\"version\":\"4.0.2\",\"script\":…}]},"
            + " or CITGM's lookup.json")
    Path file;

    @Option(names = "--node", split = ",", paramLabel = "MAJOR",
            description = "Node majors every package that names none runs on, e.g. 20,22")
    List<String> node;

    @Option(names = "--compare", description = "with two --node majors: what fails on the second and passes on the first;"
            + " with one: this run against the previous run of the same --name")
    boolean compare;

    @Option(names = "--name", description = "the batch's name, to compare runs (default: the file's name)")
    String name;

    @Option(names = "--retries", description = "rerun a failure up to N times (flaky modules at least twice)")
    Integer retries;

    @Mixin
    LookupTags tags;

    @Mixin
    GatewayOption target;

    private final ObjectMapper mapper;

    BatchCommand(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Integer call() throws Exception {
        GatewayClient client = new GatewayClient(mapper, System.getenv("NODECHECKER_TOKEN"));
        JsonNode batch;
        try {
            batch = client.submitBatch(target.gateway, Files.readAllBytes(file), query());
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
                    System.err.println(TestCommand.safe(item.path("verdict").asText() + "  " + key.substring(0, key.lastIndexOf(' '))
                            + (item.path("reason").isTextual() ? " — " + item.path("reason").asText() : "")));
                }
            }
            if (progress.path("done").asBoolean()) {
                break;
            }
            Thread.sleep(1000);
            progress = mapper.readTree(client.get(target.gateway, "/api/batches/" + id));
        }
        System.out.print(TestCommand.safe(client.get(target.gateway, "/api/batches/" + id + "/report.md")));
        if (compare && progress.path("comparison").isObject()) {
            return progress.path("comparison").path("newlyFailing").isEmpty() ? 0 : 1;
        }
        return progress.path("passed").asBoolean() ? 0 : 1;
    }

    private String query() {
        List<String> parameters = new ArrayList<>();
        add(parameters, "node", node == null ? null : String.join(",", node));
        add(parameters, "retries", retries == null ? null : retries.toString());
        add(parameters, "includeTags", tags.include == null ? null : String.join(",", tags.include));
        add(parameters, "excludeTags", tags.exclude == null ? null : String.join(",", tags.exclude));
        if (compare) {
            add(parameters, "compare", "true");
            add(parameters, "name", name != null ? name : file.getFileName().toString());
        } else {
            add(parameters, "name", name);
        }
        return String.join("&", parameters);
    }

    private static void add(List<String> parameters, String key, String value) {
        if (value != null) {
            parameters.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
