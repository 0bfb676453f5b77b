package io.nodechecker.gateway.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.Job;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Opens and closes the live pipeline's stages for this gateway's viewers (package-info lists them in
 * order): a job's {@link JobFeed} and {@link JobFanOut} with its first viewer here, gone with its last;
 * a {@link ViewerOutbox} and its {@link ConnectionSocket} per viewer. Every way a viewer ends (the job's
 * result, leaving, stalling, an unreadable log) closes its socket, and the socket's close takes it out;
 * only stalled viewers are taken out at once, their sockets may take a while to close.
 */
@Startup
@ApplicationScoped
public class LiveRelay {

    // A read of the stored log that throws is tried again after these; a few seconds cover an owner's leaving.
    private static final List<Duration> READ_PAUSES = List.of(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(3));

    private final OutputLog output;
    private final JobStore jobs;
    private final ObjectMapper mapper;
    private final GatewayConfig config;
    // Reads of the stored log for viewers that are behind: socket callbacks and cluster events must not
    // block on them. One task per viewer at most is waiting here.
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
    private final Counter sentBytes;
    private final Map<String, WatchedJob> watched = new ConcurrentHashMap<>();
    private final Map<String, ViewerOutbox> viewers = new ConcurrentHashMap<>();

    LiveRelay(OutputLog output, JobStore jobs, ObjectMapper mapper, GatewayConfig config, MeterRegistry metrics) {
        this.output = output;
        this.jobs = jobs;
        this.mapper = mapper;
        this.config = config;
        Gauge.builder("nodechecker.live.viewers", viewers, Map::size)
                .description("Live WebSocket viewers connected to this gateway").register(metrics);
        Gauge.builder("nodechecker.live.jobs", watched, Map::size)
                .description("Jobs this gateway has live viewers of").register(metrics);
        slowViewersClosed = Counter.builder("nodechecker.live.viewers.closed.slow")
                .description("Viewers closed because their sockets took nothing for live.stall-timeout")
                .register(metrics);
        sentBytes = Counter.builder("nodechecker.live.sent").baseUnit("bytes")
                .description("Live messages written to viewers' sockets").register(metrics);
    }

    /** Starts relaying job {@code jobId} to {@code connection} from sequence number {@code from}. */
    public void open(WebSocketConnection connection, String jobId, long from) {
        Executor loop = eventLoop();
        Optional<Job> job = jobs.find(jobId);
        // Subscribe before replaying, so nothing written in between is missed; the view drops repeats.
        ViewerOutbox viewer = subscribe(jobId, watchedJob -> new ViewerOutbox("job " + jobId + " for viewer " + connection.id(),
                new LiveView(jobId, from, job.map(Job::attempts).orElse(0), output.reader(jobId)::get),
                new ConnectionSocket(connection, sentBytes), watchedJob.frames(), logReads, from,
                System::currentTimeMillis), loop);
        viewers.put(connection.id(), viewer);
        viewer.start();
        jobs.find(jobId).ifPresent(viewer::job);  // read again: it may have moved on while subscribing
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
        viewers.forEach((connection, viewer) -> {
            if (viewer.closeIfStalled(stallMillis)) {
                slowViewersClosed.increment();
                if (viewers.remove(connection, viewer)) {
                    unsubscribe(viewer);
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
        watched.forEach((jobId, job) -> jobs.find(jobId).ifPresent(record -> {
            job.fanOut().onJob(record);
            job.fanOut().views().forEach(ViewerOutbox::probe);
        }));
    }

    public void closed(WebSocketConnection connection) {
        ViewerOutbox viewer = viewers.remove(connection.id());
        if (viewer != null) {
            unsubscribe(viewer);
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

    /** Adds a viewer, and the job's feed when it is the job's first viewer on this gateway. */
    private synchronized ViewerOutbox subscribe(String jobId, Function<WatchedJob, ViewerOutbox> viewer, Executor loop) {
        WatchedJob job = watched.get(jobId);
        if (job == null) {
            JobFanOut fanOut = new JobFanOut(lingerTimer, config.live().largeAudience(), config.live().linger());
            job = new WatchedJob(new JobFeed(output, jobs, fanOut), fanOut, new FrameEncoder(mapper));
            job.feed().start(jobId);
            watched.put(jobId, job);
        }
        ViewerOutbox added = viewer.apply(job);
        job.fanOut().add(added, loop);
        return added;
    }

    private synchronized void unsubscribe(ViewerOutbox viewer) {
        WatchedJob job = watched.get(viewer.jobId());
        if (job == null || !job.fanOut().remove(viewer) || !job.fanOut().isEmpty()) {
            return;
        }
        watched.remove(viewer.jobId());
        job.feed().stop();
    }

    /** A job this gateway has viewers of: its feed from the cluster, its fan-out and its frames. */
    private record WatchedJob(JobFeed feed, JobFanOut fanOut, FrameEncoder frames) {
    }
}
