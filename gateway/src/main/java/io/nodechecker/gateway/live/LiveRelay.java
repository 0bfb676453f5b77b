package io.nodechecker.gateway.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.JobStore;
import io.nodechecker.cluster.JobEventFilter;
import io.nodechecker.cluster.Json;
import io.nodechecker.cluster.OutputCodec;
import io.nodechecker.cluster.OutputLog;
import io.nodechecker.model.Job;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relays every job's output and state changes to its WebSocket viewers on this gateway, wherever in
 * the cluster the job runs. For each job it has viewers of, it holds clustered listeners filtered to
 * that job ({@link JobEventFilter}): the job's owners send it that job's writes, and no member sends
 * it the output of jobs nobody here watches. The listeners go when the job's last viewer leaves.
 */
@Startup
@ApplicationScoped
public class LiveRelay {

    private static final Logger LOG = Logger.getLogger(LiveRelay.class);

    private final OutputLog output;
    private final JobStore jobs;
    private final ObjectMapper mapper;
    private final Map<String, Set<LiveView>> viewsByJob = new ConcurrentHashMap<>();
    private final Map<String, LiveView> viewsByConnection = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    // The last output message written per job: its many viewers send the same text, serialised once.
    private final Map<String, Serialized> lastOutput = new ConcurrentHashMap<>();

    private record Serialized(long seq, String text) {
    }

    LiveRelay(OutputLog output, JobStore jobs, ObjectMapper mapper) {
        this.output = output;
        this.jobs = jobs;
        this.mapper = mapper;
    }

    /** Starts relaying job {@code jobId} to {@code connection} from sequence number {@code from}. */
    public void open(WebSocketConnection connection, String jobId, long from) {
        LiveView view = new LiveView(jobId, from, seq -> output.get(jobId, seq),
                message -> send(connection, text(jobId, message)), () -> close(connection));
        viewsByConnection.put(connection.id(), view);
        // Subscribe before replaying, so nothing written in between is missed; the view drops repeats.
        subscribe(jobId, view);
        for (OutputChunk chunk : output.readFrom(jobId, from)) {
            view.onChunk(chunk);
        }
        jobs.find(jobId).ifPresent(view::onJob);
    }

    public void closed(WebSocketConnection connection) {
        LiveView view = viewsByConnection.remove(connection.id());
        if (view != null) {
            unsubscribe(view);
        }
    }

    /** Adds a viewer, and the job's listeners when it is the job's first viewer on this gateway. */
    private synchronized void subscribe(String jobId, LiveView view) {
        Set<LiveView> views = viewsByJob.get(jobId);
        if (views == null) {
            views = ConcurrentHashMap.newKeySet();
            JobEventFilter filter = new JobEventFilter(jobId);
            Subscription subscription = new Subscription(new OutputListener(), new JobListener());
            output.cache().addListener(subscription.output(), filter, null);
            jobs.cache().addListener(subscription.job(), filter, null);
            subscriptions.put(jobId, subscription);
            viewsByJob.put(jobId, views);
        }
        views.add(view);
    }

    private synchronized void unsubscribe(LiveView view) {
        Set<LiveView> views = viewsByJob.get(view.jobId());
        if (views == null || !views.remove(view) || !views.isEmpty()) {
            return;
        }
        viewsByJob.remove(view.jobId());
        lastOutput.remove(view.jobId());
        Subscription subscription = subscriptions.remove(view.jobId());
        output.cache().removeListener(subscription.output());
        jobs.cache().removeListener(subscription.job());
    }

    /** The listeners of one viewed job. */
    private record Subscription(OutputListener output, JobListener job) {
    }

    private String text(String jobId, LiveMessage message) {
        if (message instanceof LiveMessage.Output output) {
            Serialized last = lastOutput.get(jobId);
            if (last != null && last.seq() == output.seq()) {
                return last.text();
            }
            String text = write(message);
            lastOutput.put(jobId, new Serialized(output.seq(), text));
            return text;
        }
        if (message instanceof LiveMessage.Result) {
            lastOutput.remove(jobId);
        }
        return write(message);
    }

    private String write(LiveMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(WebSocketConnection connection, String text) {
        connection.sendText(text).subscribe().with(ok -> {
        }, failure -> LOG.debugf("viewer %s is gone: %s", connection.id(), failure.getMessage()));
    }

    private void close(WebSocketConnection connection) {
        closed(connection);
        connection.close().subscribe().with(ok -> {
        }, failure -> LOG.debugf("closing viewer %s: %s", connection.id(), failure.getMessage()));
    }

    private Set<LiveView> viewsOf(String jobId) {
        return viewsByJob.getOrDefault(jobId, Set.of());
    }

    @Listener(clustered = true, observation = Listener.Observation.POST)
    public class OutputListener {
        @CacheEntryCreated
        public void created(CacheEntryEvent<String, byte[]> event) {
            String jobId = OutputLog.jobIdOf(event.getKey());
            Set<LiveView> views = viewsOf(jobId);
            if (!views.isEmpty()) {
                OutputChunk chunk = OutputCodec.decode(jobId, OutputLog.seqOf(event.getKey()), event.getValue());
                views.forEach(view -> view.onChunk(chunk));
            }
        }
    }

    @Listener(clustered = true, observation = Listener.Observation.POST)
    public class JobListener {
        @CacheEntryCreated
        @CacheEntryModified
        public void changed(CacheEntryEvent<String, String> event) {
            Set<LiveView> views = viewsOf(event.getKey());
            if (!views.isEmpty()) {
                Job job = Json.read(event.getValue(), Job.class);
                views.forEach(view -> view.onJob(job));
            }
        }
    }
}
