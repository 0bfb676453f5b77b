package io.nodechecker.gateway.batch;

import io.nodechecker.cluster.store.BatchStore;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.gateway.job.JobCanceller;
import io.nodechecker.gateway.job.JobIntake;
import io.nodechecker.model.Batch;
import io.nodechecker.model.Job;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reruns what a batch's view says runs again — failed entries with retries left (flaky ones, and every one
 * of a batch made with {@code retries}), and an experiment's differences being confirmed — and closes
 * batches that are done with nothing left to send. Every gateway
 * runs it; a retry is queued first and then swapped into the batch with compare-and-set, so when two
 * gateways retry the same failure at once, the one that loses the swap cancels its own job.
 */
@ApplicationScoped
public class BatchRetries {

    private static final Logger LOG = Logger.getLogger(BatchRetries.class);

    private final BatchStore store;
    private final Batches batches;
    private final JobStore jobs;
    private final JobIntake intake;
    private final JobCanceller canceller;

    BatchRetries(BatchStore store, Batches batches, JobStore jobs, JobIntake intake, JobCanceller canceller) {
        this.store = store;
        this.batches = batches;
        this.jobs = jobs;
        this.intake = intake;
        this.canceller = canceller;
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryFailures() {
        try {
            retryOpenBatches();
        } catch (RuntimeException e) {
            // The cluster's view changes under the storage now and then: the next round tries again.
            LOG.warnf("retrying batches' failures: %s", e.getMessage());
        }
    }

    private void retryOpenBatches() {
        for (Batch batch : store.open()) {
            BatchView view = batches.view(batch);
            boolean retried = false;
            for (int i = 0; i < batch.items().size(); i++) {
                retried |= view.items().get(i).rerun() && retry(batch, i);
            }
            if (!retried && batch.callbackState() == Batch.CallbackState.NONE && view.done()) {
                store.close(batch.id());
            }
        }
    }

    /** Reruns item {@code index}, whose job failed and which runs again; whether it did. */
    private boolean retry(Batch batch, int index) {
        Batch.Item item = batch.items().get(index);
        if (item.jobId() == null) {
            return false;
        }
        Optional<Job> failed = jobs.find(item.jobId())
                .filter(job -> job.state().isFinal() && BatchView.retryable(job.state()));
        if (failed.isEmpty()) {
            return false;
        }
        Job last = failed.get();
        Job again = intake.submitEntry(item.entry(), last.version(), last.effectiveOverrides(), batch.id(), last.owner());
        boolean swapped = store.update(batch.id(), current -> {
            Batch.Item now = current.items().get(index);
            if (!last.id().equals(now.jobId())) {
                return null; // another gateway retried it first
            }
            List<Batch.Item> items = new ArrayList<>(current.items());
            items.set(index, now.retried(again.id()));
            return current.withItems(items);
        }).isPresent();
        if (!swapped) {
            canceller.cancel(again.id());
            return false;
        }
        LOG.infof("batch %s: %s on Node %s failed on attempt %d (%s); attempt %d is job %s", batch.id(),
                last.packageName(), last.node(), item.runs(), last.state(), item.runs() + 1, again.id());
        return true;
    }
}
