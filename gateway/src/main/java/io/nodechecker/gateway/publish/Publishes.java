package io.nodechecker.gateway.publish;

import io.nodechecker.cluster.store.Deliveries;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.experiment.ExperimentSchedule;
import io.nodechecker.gateway.experiment.ExperimentView;
import io.nodechecker.gateway.job.JobIntake;
import io.nodechecker.model.Job;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.UUID;

/**
 * Queues a newly published version on each of {@code hooks.node-versions} — or, with
 * {@code experiments.on-publish}, as an experiment on the nightly baseline and candidate — once cluster-wide
 * however it was learnt: a hook, a registry's notification, the watch list or the replication feed, or
 * several of them.
 */
@ApplicationScoped
public class Publishes {

    private static final Logger LOG = Logger.getLogger(Publishes.class);

    private final GatewayConfig config;
    private final JobIntake intake;
    private final Deliveries deliveries;

    private final ExperimentSchedule experiments;
    private final JobStore jobs;

    Publishes(GatewayConfig config, JobIntake intake, Deliveries deliveries, ExperimentSchedule experiments, JobStore jobs) {
        this.experiments = experiments;
        this.jobs = jobs;
        this.config = config;
        this.intake = intake;
        this.deliveries = deliveries;
    }

    /** The jobs queued for {@code name@version}; none when it was queued before. */
    public List<Job> queue(String name, String version, String via) {
        if (!deliveries.firstTime("publish:" + name + "@" + version)) {
            return List.of();
        }
        if (config.experiments().onPublish()) {
            ExperimentView experiment = experiments.onPublish(name, version);
            LOG.infof("%s@%s was published (learnt from %s): experiment %s queued", name, version, via, experiment.id());
            return experiment.items().stream().flatMap(item -> Stream.of(item.baseline(), item.candidate()))
                    .filter(Objects::nonNull).flatMap(side -> side.jobs().stream())
                    .flatMap(id -> jobs.find(id).stream()).toList();
        }
        List<String> nodes = config.hooks().nodeVersions().orElseGet(() -> List.of(config.nodeForJobs()));
        String group = nodes.size() > 1 ? UUID.randomUUID().toString() : null;
        List<Job> jobs = nodes.stream().map(node -> intake.submitPublished(name, version, node, group)).toList();
        LOG.infof("%s@%s was published (learnt from %s): %d job(s) queued", name, version, via, jobs.size());
        return jobs;
    }
}
