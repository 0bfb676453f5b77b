package io.nodechecker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code nodechecker experiment}: runs packages on a baseline and a candidate Node, prints each package's
 * category as it settles, then the Markdown report. Exits 1 when anything regressed, 0 otherwise, 2 when refused.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run packages on a baseline and a candidate Node and report what newly broke.")
class ExperimentCommand implements Callable<Integer> {

    @Option(names = "--baseline", required = true, description = "the Node line expected to be good, e.g. 24")
    String baseline;

    @Option(names = "--candidate", required = true, description = "the Node line (or candidate build) under test, e.g. 26")
    String candidate;

    @Option(names = "--lookup", description = "CITGM's lookup.json: its modules are the packages")
    Path lookup;

    @Option(names = "--top", description = "the N most downloaded packages (npm-high-impact)")
    Integer top;

    @Parameters(arity = "0..*", paramLabel = "PACKAGE", description = "name or name@version")
    List<String> packages;

    @Option(names = "--name", description = "what the experiment is called")
    String name;

    @Mixin
    LookupTags tags;

    @Mixin
    GatewayOption target;

    private final ObjectMapper mapper;

    ExperimentCommand(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Integer call() throws Exception {
        int sources = (lookup != null ? 1 : 0) + (top != null ? 1 : 0) + (packages != null && !packages.isEmpty() ? 1 : 0);
        if (sources != 1) {
            System.err.println("name the packages one way: --lookup FILE, --top N, or PACKAGE…");
            return 2;
        }
        ObjectNode body = mapper.createObjectNode().put("baseline", baseline).put("candidate", candidate);
        if (name != null) {
            body.put("name", name);
        }
        if (lookup != null) {
            body.set("packages", mapper.readTree(Files.readAllBytes(lookup)));
        } else if (top != null) {
            body.set("packages", mapper.createObjectNode().put("top", top));
        } else {
            body.set("packages", mapper.valueToTree(packages));
        }
        if (tags.include != null) {
            body.set("includeTags", mapper.valueToTree(tags.include));
        }
        if (tags.exclude != null) {
            body.set("excludeTags", mapper.valueToTree(tags.exclude));
        }
        GatewayClient client = new GatewayClient(mapper, System.getenv("NODECHECKER_TOKEN"));
        JsonNode experiment;
        try {
            experiment = client.post(target.gateway, "/api/experiments", mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            System.err.println("refused: " + e.getMessage());
            return 2;
        }
        String id = experiment.path("id").asText();
        System.err.println("experiment " + id + " · " + experiment.path("items").size() + " packages · Node " + baseline
                + " → " + candidate);
        Set<String> reported = new HashSet<>();
        while (true) {
            for (JsonNode item : experiment.path("items")) {
                String category = item.path("category").asText();
                if (!"pending".equals(category) && reported.add(item.path("package").asText())) {
                    System.err.println(TestCommand.safe(String.format("%-10s %s@%s — %s", category,
                            item.path("package").asText(), item.path("version").asText(), item.path("why").asText())));
                }
            }
            if ("DONE".equals(experiment.path("state").asText())) {
                break;
            }
            Thread.sleep(2000);
            experiment = mapper.readTree(client.get(target.gateway, "/api/experiments/" + id));
        }
        System.out.print(TestCommand.safe(client.get(target.gateway, "/api/experiments/" + id + "/report.md")));
        return experiment.path("counts").path("regressed").asInt() == 0 ? 0 : 1;
    }
}
