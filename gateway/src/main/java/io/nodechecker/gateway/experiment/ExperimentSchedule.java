package io.nodechecker.gateway.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.store.Deliveries;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Starts the nightly experiment ({@code experiments.nightly.*}) and one for each publish of a watched package
 * ({@code experiments.on-publish}). Every gateway's scheduler fires; the first to claim that firing in the
 * cluster starts it, so one gateway at a time runs a schedule and a firing runs once.
 */
@ApplicationScoped
public class ExperimentSchedule {

    private static final Logger LOG = Logger.getLogger(ExperimentSchedule.class);
    static final String NIGHTLY = "nightly";

    private final Experiments experiments;
    private final Deliveries firings;
    private final GatewayConfig config;
    private final ObjectMapper mapper;

    ExperimentSchedule(Experiments experiments, Deliveries firings, GatewayConfig config, ObjectMapper mapper) {
        this.experiments = experiments;
        this.firings = firings;
        this.config = config;
        this.mapper = mapper;
    }

    @Scheduled(identity = "nightly-experiment", cron = "${nodechecker.gateway.experiments.nightly.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void nightly(ScheduledExecution execution) {
        String firing = "experiment-schedule:" + NIGHTLY + ":" + execution.getScheduledFireTime().truncatedTo(ChronoUnit.MINUTES);
        try {
            if (!firings.firstTime(firing)) {
                return; // another gateway took this firing
            }
            GatewayConfig.Experiments.Nightly nightly = config.experiments().nightly();
            ExperimentView started = experiments.create(new ExperimentRequest(nightly.name(), nightly.baseline(),
                    nightly.candidate(), packages(nightly.packages()), null, null), null, NIGHTLY);
            LOG.infof("the nightly experiment %s started: %d packages, Node %s → %s", started.id(),
                    started.items().size(), nightly.baseline(), nightly.candidate());
        } catch (ApiException e) {
            LOG.errorf("the nightly experiment could not start: %s", e.problem().detail());
        } catch (RuntimeException | IOException e) {
            LOG.errorf("the nightly experiment could not start: %s", e.getMessage());
        }
    }

    /** An experiment of {@code name@version}, just published, on the nightly baseline and candidate. */
    public ExperimentView onPublish(String name, String version) {
        GatewayConfig.Experiments.Nightly nightly = config.experiments().nightly();
        String called = "publish:" + name; // npm allows longer names than an experiment's 100 characters
        return experiments.create(new ExperimentRequest(called.substring(0, Math.min(called.length(), 100)),
                nightly.baseline(), nightly.candidate(),
                mapper.valueToTree(List.of(name + "@" + version)), null, null), null, "publish");
    }

    /** {@code top:N}, {@code lookup:FILE} or {@code a,b@1.0.0} as the body's {@code packages}. */
    JsonNode packages(String setting) throws IOException {
        if (setting.startsWith("top:")) {
            return mapper.createObjectNode().put("top", Integer.parseInt(setting.substring("top:".length()).trim()));
        }
        if (setting.startsWith("lookup:")) {
            return mapper.readTree(Files.readAllBytes(Path.of(setting.substring("lookup:".length()).trim())));
        }
        return mapper.valueToTree(Arrays.stream(setting.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }
}
