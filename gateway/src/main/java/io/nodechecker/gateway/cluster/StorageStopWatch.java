package io.nodechecker.gateway.cluster;

import io.nodechecker.cluster.ClusterNode;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.CacheStopped;
import org.infinispan.notifications.cachemanagerlistener.event.CacheStoppedEvent;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pauses the gateway's scheduled work once its stored caches stop (an orderly storage shutdown, which stops
 * them on every member before the processes are stopped): a dispatch pass or a callback sweep that runs
 * after that would only fail against a stopped cache and print its stack trace into the operator's log.
 */
@Startup
@ApplicationScoped
class StorageStopWatch {

    private static final Logger LOG = Logger.getLogger(StorageStopWatch.class);

    private final ClusterNode node;
    private final Scheduler scheduler;
    private final AtomicBoolean paused = new AtomicBoolean();

    StorageStopWatch(ClusterNode node, Scheduler scheduler) {
        this.node = node;
        this.scheduler = scheduler;
    }

    @PostConstruct
    void listen() {
        node.manager().addListener(new Stops());
    }

    @Listener(sync = false)
    public class Stops {
        @CacheStopped
        public void stopped(CacheStoppedEvent event) {
            if (paused.compareAndSet(false, true)) {
                scheduler.pause();
                LOG.infof("the stored caches are stopping (cache %s stopped): scheduled work is paused until this"
                        + " gateway restarts", event.getCacheName());
            }
        }
    }
}
