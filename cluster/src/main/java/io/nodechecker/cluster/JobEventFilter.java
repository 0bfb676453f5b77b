package io.nodechecker.cluster;

import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.commons.marshall.JavaSerializationMarshaller;
import org.infinispan.metadata.Metadata;
import org.infinispan.notifications.cachelistener.filter.CacheEventFilter;
import org.infinispan.notifications.cachelistener.filter.EventType;

import java.io.Serial;
import java.io.Serializable;

/**
 * Lets through the events of one job: its record ({@code jobId}) and its output chunks
 * ({@code jobId:seq}). A gateway registers a clustered listener with it for each job it has viewers of,
 * so the owners send that job's writes to that gateway and to no other member. It travels to the
 * owners, so it is serializable and on the cluster's allow-list.
 */
public final class JobEventFilter implements CacheEventFilter<String, Object>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String jobId;

    public JobEventFilter(String jobId) {
        this.jobId = jobId;
    }

    @Override
    public boolean accept(String key, Object oldValue, Metadata oldMetadata, Object newValue, Metadata newMetadata,
                          EventType eventType) {
        return key.equals(jobId) || key.length() > jobId.length() && key.startsWith(jobId)
                && key.charAt(jobId.length()) == ':';
    }

    /** The only type of ours that crosses the cluster as an object; values are strings and bytes. */
    static void allow(GlobalConfigurationBuilder global) {
        global.serialization().marshaller(new JavaSerializationMarshaller())
                .allowList().addClass(JobEventFilter.class.getName());
    }
}
