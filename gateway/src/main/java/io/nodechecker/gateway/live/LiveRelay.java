package io.nodechecker.gateway.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.JobEventFilter;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.cluster.codec.OutputCodec;
import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.model.Job;
import io.nodechecker.model.LiveMessage;
import io.nodechecker.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Relays every job's output and state changes to its WebSocket viewers on this gateway, wherever in
 * the cluster the job runs. For each job it has viewers of, it holds clustered listeners filtered to
 * that job ({@link JobEventFilter}): the job's owners send it that job's writes, and no member sends
 * it the output of jobs nobody here watches. The listeners go when the job's last viewer leaves.
 * <p>
 * A connection's whole life is here — opened, resumed from {@code from}, closed when it stalls, left, or the
 * job ends — so that every way it ends gives back what it held (its view, and the job's listeners with the
 * last one); sending is {@link JobFanOut}'s, ordering {@link LiveView}'s.
 */
@Startup
@ApplicationScoped
public class LiveRelay {

    private static final Logger LOG = Logger.getLogger(LiveRelay.class);
    // A read of the stored log that throws is tried again after these; a few seconds cover an owner's leaving.
    private static final List<Duration> READ_PAUSES = List.of(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(3));

    private final OutputLog output;
    private final JobStore jobs;
    private final ObjectMapper mapper;
    private final GatewayConfig config;
    // Reads of the stored log for viewers that are behind: socket callbacks and cluster events must not
    // block on them. One task per view at most is waiting here.
    private final ExecutorService logReaders = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "live-log-reader");
        thread.setDaemon(true);
        return thread;
    });
    // Runs the batches of jobs with a large audience once their linger is over, and log reads tried again.
    private final ScheduledExecutorService lingerTimer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "live-linger");
        thread.setDaemon(true);
        return thread;
    });
    private final LogReads logReads = new LogReads(logReaders, lingerTimer, READ_PAUSES);
    private final Counter slowViewersClosed;
    private final Counter sentCharacters;
    private final Map<String, WatchedJob> watched = new ConcurrentHashMap<>();
    private final Map<String, Viewer> viewsByConnection = new ConcurrentHashMap<>();

    LiveRelay(OutputLog output, JobStore jobs, ObjectMapper mapper, GatewayConfig config, MeterRegistry metrics) {
        this.output = output;
        this.jobs = jobs;
        this.mapper = mapper;
        this.config = config;
        Gauge.builder("nodechecker.live.viewers", viewsByConnection, Map::size)
                .description("Live WebSocket viewers connected to this gateway").register(metrics);
        Gauge.builder("nodechecker.live.jobs", watched, Map::size)
                .description("Jobs this gateway has live viewers of").register(metrics);
        slowViewersClosed = Counter.builder("nodechecker.live.viewers.closed.slow")
                .description("Viewers closed because their sockets took nothing for live.stall-timeout")
                .register(metrics);
        sentCharacters = Counter.builder("nodechecker.live.sent").baseUnit("characters")
                .description("Live messages handed to viewers' sockets").register(metrics);
    }

    /** Starts relaying job {@code jobId} to {@code connection} from sequence number {@code from}. */
    public void open(WebSocketConnection connection, String jobId, long from) {
        ViewerOutbox outbox = new ViewerOutbox(wire(connection), message -> text(jobId, message), from,
                System::currentTimeMillis);
        Optional<Job> job = jobs.find(jobId);
        LiveView view = new LiveView(jobId, from, job.map(Job::attempts).orElse(0),
                output.reader(jobId)::get, outbox::send, outbox::hasRoom,
                () -> {
                    closed(connection);
                    outbox.finish();
                }, read -> logReads.read("job " + jobId + " for viewer " + connection.id(), read,
                        () -> unservable(connection, outbox)));
        outbox.onRoom(view::pumpAtHand);
        viewsByConnection.put(connection.id(), new Viewer(view, outbox));
        // Subscribe before replaying, so nothing written in between is missed; the view drops repeats.
        subscribe(jobId, view, eventLoop());
        view.pump();
        jobs.find(jobId).ifPresent(view::onJob);  // read again: it may have moved on while subscribing
    }

    /**
     * A viewer whose stored log would not be read, tries again included: closed with where to resume (here,
     * or at another gateway), rather than left waiting for output that this gateway cannot give it.
     */
    private void unservable(WebSocketConnection connection, ViewerOutbox outbox) {
        outbox.closeToResume("the stored log could not be read");
        closed(connection);
    }

    @PreDestroy
    void stop() {
        logReaders.shutdownNow();
        lingerTimer.shutdownNow();
    }

    /** Closes the viewers whose sockets took nothing for {@code live.stall-timeout} while output waited. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeStalledViewers() {
        long stallMillis = config.live().stallTimeout().toMillis();
        viewsByConnection.forEach((connection, viewer) -> {
            if (viewer.outbox().closeIfStalled(stallMillis)) {
                slowViewersClosed.increment();
                // It is gone for the relay now, though its socket may take a while to close.
                if (viewsByConnection.remove(connection, viewer)) {
                    unsubscribe(viewer.view());
                }
            }
        });
    }

    /**
     * The viewed jobs' records read again: events are the fast way, this is the sure one. A job whose
     * end came while this gateway was joining the cluster still ends for its viewers.
     */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resyncViewedJobs() {
        watched.forEach((jobId, job) -> jobs.find(jobId)
                .ifPresent(record -> job.views().views().forEach(view -> {
                    view.onJob(record);
                    view.probe();
                })));
    }

    /** A viewer's view of its job and its socket. */
    private record Viewer(LiveView view, ViewerOutbox outbox) {
    }

    public void closed(WebSocketConnection connection) {
        Viewer viewer = viewsByConnection.remove(connection.id());
        if (viewer != null) {
            unsubscribe(viewer.view());
        }
    }

    /**
     * The event loop of the socket being opened: live output is handed to a viewer there, so that its
     * writes need no hand-over, and viewers on one loop share a task. Netty's loop itself is the key
     * because every connection has a context of its own on it.
     */
    private static Executor eventLoop() {
        Context context = Vertx.currentContext();
        return context instanceof ContextInternal internal && context.isEventLoopContext()
                ? internal.nettyEventLoop() : Runnable::run;
    }

    /** Adds a viewer, and the job's listeners when it is the job's first viewer on this gateway. */
    private synchronized void subscribe(String jobId, LiveView view, Executor loop) {
        WatchedJob job = watched.get(jobId);
        if (job == null) {
            job = new WatchedJob(new JobFanOut(lingerTimer, config.live().largeAudience(), config.live().linger()),
                    new OutputListener(), new JobListener());
            JobEventFilter filter = new JobEventFilter(jobId);
            output.cache().addListener(job.outputListener(), filter, null);
            jobs.cache().addListener(job.jobListener(), filter, null);
            watched.put(jobId, job);
        }
        job.views().add(view, loop);
    }

    private synchronized void unsubscribe(LiveView view) {
        WatchedJob job = watched.get(view.jobId());
        if (job == null || !job.views().remove(view) || !job.views().isEmpty()) {
            return;
        }
        watched.remove(view.jobId());
        output.cache().removeListener(job.outputListener());
        jobs.cache().removeListener(job.jobListener());
    }

    /** A job this gateway has viewers of: their fan-out and the cluster listeners that feed it. */
    private record WatchedJob(JobFanOut views, OutputListener outputListener, JobListener jobListener) {
    }

    private String text(String jobId, LiveMessage message) {
        WatchedJob job = watched.get(jobId);
        if (message instanceof LiveMessage.Output output && job != null) {
            return job.views().encoded(output, this::write);
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

    private ViewerOutbox.Wire wire(WebSocketConnection connection) {
        return new ViewerOutbox.Wire() {
            @Override
            public void send(String text, Runnable written) {
                sentCharacters.increment(text.length());
                connection.sendText(text).subscribe().with(ok -> written.run(), failure -> {
                    LOG.debugf("viewer %s is gone: %s", connection.id(), failure.getMessage());
                    written.run();
                });
            }

            @Override
            public void close(int code, String reason) {
                if (code == ViewerOutbox.TRY_AGAIN) {
                    LOG.debugf("viewer %s of %s: %s", connection.id(), connection.pathParam("id"), reason);
                }
                connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {
                }, failure -> LOG.debugf("closing viewer %s: %s", connection.id(), failure.getMessage()));
            }
        };
    }


    @Listener(clustered = true, observation = Listener.Observation.POST)
    public class OutputListener {
        @CacheEntryCreated
        public void created(CacheEntryEvent<String, byte[]> event) {
            String jobId = OutputLog.jobIdOf(event.getKey());
            WatchedJob job = watched.get(jobId);
            if (job != null) {
                job.views().onChunk(OutputCodec.decode(jobId, OutputLog.seqOf(event.getKey()), event.getValue()));
            }
        }
    }

    @Listener(clustered = true, observation = Listener.Observation.POST)
    public class JobListener {
        @CacheEntryCreated
        @CacheEntryModified
        public void changed(CacheEntryEvent<String, String> event) {
            WatchedJob watchedJob = watched.get(event.getKey());
            if (watchedJob != null) {
                Job job = Json.read(event.getValue(), Job.class);
                watchedJob.views().views().forEach(view -> view.onJob(job));
            }
        }
    }
}
