package io.nodechecker.gateway.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.JobStore;
import io.nodechecker.cluster.Json;
import io.nodechecker.cluster.OutputLog;
import io.nodechecker.model.Job;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.model.OutputChunk;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.PostConstruct;
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
 * the cluster the job runs: it listens to this member's copy of the output and job caches, which
 * every write in the cluster reaches.
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
    // The last output message written per job: its many viewers send the same text, serialised once.
    private final Map<String, Serialized> lastOutput = new ConcurrentHashMap<>();

    private record Serialized(long seq, String text) {
    }

    LiveRelay(OutputLog output, JobStore jobs, ObjectMapper mapper) {
        this.output = output;
        this.jobs = jobs;
        this.mapper = mapper;
    }

    @PostConstruct
    void listen() {
        output.cache().addListener(new OutputListener());
        jobs.cache().addListener(new JobListener());
    }

    /** Starts relaying job {@code jobId} to {@code connection} from sequence number {@code from}. */
    public void open(WebSocketConnection connection, String jobId, long from) {
        LiveView view = new LiveView(jobId, from, seq -> output.get(jobId, seq),
                message -> send(connection, text(jobId, message)), () -> close(connection));
        viewsByConnection.put(connection.id(), view);
        // Subscribe before replaying, so nothing written in between is missed; the view drops repeats.
        viewsByJob.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(view);
        for (OutputChunk chunk : output.readFrom(jobId, from)) {
            view.onChunk(chunk);
        }
        jobs.find(jobId).ifPresent(view::onJob);
    }

    public void closed(WebSocketConnection connection) {
        LiveView view = viewsByConnection.remove(connection.id());
        if (view != null) {
            Set<LiveView> views = viewsByJob.get(view.jobId());
            if (views != null) {
                views.remove(view);
                viewsByJob.computeIfPresent(view.jobId(), (id, set) -> set.isEmpty() ? null : set);
                if (!viewsByJob.containsKey(view.jobId())) {
                    lastOutput.remove(view.jobId());
                }
            }
        }
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

    @Listener(observation = Listener.Observation.POST)
    public class OutputListener {
        @CacheEntryCreated
        public void created(CacheEntryEvent<String, String> event) {
            Set<LiveView> views = viewsOf(event.getKey().substring(0, event.getKey().lastIndexOf(':')));
            if (!views.isEmpty()) {
                OutputChunk chunk = Json.read(event.getValue(), OutputChunk.class);
                views.forEach(view -> view.onChunk(chunk));
            }
        }
    }

    @Listener(observation = Listener.Observation.POST)
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
