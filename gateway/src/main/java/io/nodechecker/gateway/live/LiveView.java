package io.nodechecker.gateway.live;

import io.nodechecker.model.Job;
import io.nodechecker.model.JobState;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * One viewer of one job. Chunks may arrive out of order (replay and live updates overlap, cluster
 * events come on several threads); the view sends each sequence number exactly once, in order, and
 * the result only after the last chunk the job wrote.
 */
final class LiveView {

    private final String jobId;
    private final LongFunction<OutputChunk> stored;
    private final Consumer<LiveMessage> send;
    private final Runnable finish;
    // Chunks ahead of the next one to send, by sequence number; only ever looked up by number.
    private final Map<Long, OutputChunk> early = new HashMap<>();
    private long nextSeq;
    private JobState lastState;
    private String lastPhase;
    private int lastAttempt;
    private Job finalJob;
    private boolean done;

    /**
     * @param stored looks up a chunk of this job in the stored log, {@code null} when not there (yet)
     */
    LiveView(String jobId, long from, LongFunction<OutputChunk> stored, Consumer<LiveMessage> send, Runnable finish) {
        this.jobId = jobId;
        this.nextSeq = from;
        this.stored = stored;
        this.send = send;
        this.finish = finish;
    }

    String jobId() {
        return jobId;
    }

    synchronized void onChunk(OutputChunk chunk) {
        if (done || chunk.seq() < nextSeq) {
            return;
        }
        if (chunk.seq() == nextSeq && early.isEmpty()) {
            // In order: straight out. Cluster events come on several threads, so chunks also arrive
            // early; with a thousand viewers a sorted map for them cost a tenth of the gateway's CPU (JFR).
            send.accept(LiveMessage.Output.of(chunk));
            nextSeq++;
        } else {
            early.put(chunk.seq(), chunk);
            drain();
        }
        finishIfComplete();
    }

    synchronized void onJob(Job job) {
        if (done) {
            return;
        }
        if (job.state().isFinal()) {
            finalJob = job;
            finishIfComplete();
            return;
        }
        LiveMessage.State state = LiveMessage.State.of(job);
        if (state.state() != lastState || !java.util.Objects.equals(state.phase(), lastPhase)
                || state.attempt() != lastAttempt) {
            lastState = state.state();
            lastPhase = state.phase();
            lastAttempt = state.attempt();
            send.accept(state);
        }
    }

    private void drain() {
        OutputChunk next;
        while ((next = early.remove(nextSeq)) != null) {
            send.accept(LiveMessage.Output.of(next));
            nextSeq++;
        }
    }

    private void finishIfComplete() {
        if (finalJob == null) {
            return;
        }
        // The runner stored every chunk before the final state, so what events have not brought yet is
        // already in this member's copy of the log.
        while (nextSeq < finalJob.outputChunks()) {
            OutputChunk chunk = early.containsKey(nextSeq) ? early.get(nextSeq) : stored.apply(nextSeq);
            if (chunk == null) {
                return;
            }
            early.put(nextSeq, chunk);
            drain();
        }
        done = true;
        send.accept(LiveMessage.Result.of(finalJob));
        finish.run();
    }
}
