package io.nodechecker.cluster.nativeimage;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;
import org.graalvm.nativeimage.hosted.RuntimeReflection;
import org.graalvm.nativeimage.hosted.RuntimeSerialization;
import org.infinispan.notifications.Listener;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * What a native executable must know ahead of time about the embedded Infinispan and its JGroups stack,
 * which build a member by reflection: protocols and their properties, headers from JGroups' magic-number
 * map, Infinispan's modules, configuration parsers and listeners. Types are registered as the analysis
 * reaches them, so an image holds only what the members use. Named on the native build's command line
 * ({@code --features}); the JVM never loads it.
 */
public final class ClusterFeature implements Feature {

    /** Types whose every reachable subtype JGroups or Infinispan creates or configures by reflection. */
    private static final String[] CONFIGURED_BY_REFLECTION = {
            "org.jgroups.stack.Protocol",
            "org.jgroups.protocols.Bundler",
            "org.jgroups.conf.PropertyConverter",
            "org.jgroups.stack.MessageProcessingPolicy",
            "org.jgroups.protocols.LocalTransport",
            "org.jgroups.util.ThreadPool",
            "org.jgroups.stack.DiagnosticsHandler",
            "org.infinispan.factories.impl.ModuleMetadataBuilder",
            "org.infinispan.configuration.parsing.ConfigurationParser",
            "org.infinispan.configuration.serializing.ConfigurationSerializer",
            "org.infinispan.configuration.cache.AbstractModuleConfigurationBuilder",
            "org.infinispan.configuration.cache.StoreConfigurationBuilder",
            "org.infinispan.configuration.cache.StoreConfiguration",
            "org.infinispan.distribution.ch.ConsistentHashFactory",
            "org.infinispan.persistence.spi.NonBlockingStore",
            "org.infinispan.interceptors.AsyncInterceptor",
            "org.jboss.logging.BasicLogger",
    };

    /** Classes created by name: Caffeine's cache and node variants, Infinispan's transport and partitioners. */
    private static final String[] CREATED_BY_NAME = {
            "org.infinispan.remoting.transport.jgroups.JGroupsTransport",
            "org.infinispan.remoting.transport.jgroups.JGroupsTransport$ChannelCallbacks",
            "org.infinispan.distribution.ch.impl.HashFunctionPartitioner",
            "org.infinispan.distribution.ch.impl.RESPHashFunctionPartitioner",
            "org.infinispan.transaction.lookup.EmbeddedTransactionManagerLookup",
            "org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated",
            "org.infinispan.notifications.cachelistener.annotation.CacheEntryExpired",
            "org.infinispan.notifications.cachelistener.annotation.CacheEntryModified",
            "org.infinispan.notifications.cachelistener.annotation.CacheEntryRemoved",
            // DNS_PING (the kubernetes stack) asks JNDI's DNS provider, a JDK service found by name.
            "com.sun.jndi.dns.DnsContextFactory",
            "com.sun.jndi.url.dns.dnsURLContextFactory",
            // ProtoStream's schemas of JDK types name them; JGroups' configuration is read through JAXP.
            "java.time.ZoneRegion",
            "com.sun.org.apache.xerces.internal.jaxp.DocumentBuilderFactoryImpl",
            "com.sun.org.apache.xerces.internal.jaxp.datatype.DatatypeFactoryImpl",
            "com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl",
            "com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl",
            // Collections the marshaller writes and reads by their class.
            "java.util.Arrays$ArrayList", "java.util.ArrayList$SubList", "java.util.AbstractList$RandomAccessSubList",
            "java.util.Collections$EmptyList", "java.util.Collections$SingletonList",
            "java.util.Collections$SynchronizedRandomAccessList", "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$List12", "java.util.HashMap",
            "java.util.Collections$EmptyMap", "java.util.Collections$SingletonMap", "java.util.ImmutableCollections$Map1",
            "java.util.ImmutableCollections$MapN", "java.util.Collections$EmptySet", "java.util.ImmutableCollections$SetN",
            "java.util.ImmutableCollections$Set12", "java.util.Collections$SingletonSet",
            "java.util.Collections$SynchronizedSet", "java.util.Collections$UnmodifiableSet",
            "org.infinispan.CoreModuleImpl",
            "org.jgroups.blocks.RequestCorrelator",
            "org.jgroups.protocols.MsgStats",
            "org.jgroups.Version",
            "com.github.benmanes.caffeine.cache.PDMS", "com.github.benmanes.caffeine.cache.PSA",
            "com.github.benmanes.caffeine.cache.PSMS", "com.github.benmanes.caffeine.cache.PSW",
            "com.github.benmanes.caffeine.cache.PSMW", "com.github.benmanes.caffeine.cache.PSAMW",
            "com.github.benmanes.caffeine.cache.PSAWMW", "com.github.benmanes.caffeine.cache.PSWMS",
            "com.github.benmanes.caffeine.cache.PSWMW", "com.github.benmanes.caffeine.cache.SILMS",
            "com.github.benmanes.caffeine.cache.SSA", "com.github.benmanes.caffeine.cache.SSLA",
            "com.github.benmanes.caffeine.cache.SSLMS", "com.github.benmanes.caffeine.cache.SSLMW",
            "com.github.benmanes.caffeine.cache.SSMS", "com.github.benmanes.caffeine.cache.SSMSA",
            "com.github.benmanes.caffeine.cache.SSMSAW", "com.github.benmanes.caffeine.cache.SSMSW",
            "com.github.benmanes.caffeine.cache.SSW",
    };

    /** Services Infinispan loads through {@link java.util.ServiceLoader}: the native build does not scan for them. */
    private static final String[] SERVICES = {
            "org.infinispan.factories.impl.ModuleMetadataBuilder",
            "org.infinispan.configuration.parsing.ConfigurationParser",
            "org.infinispan.protostream.SerializationContextInitializer",
    };

    private static final Pattern MAGIC_CLASS = Pattern.compile("<class\\s+id=\"\\d+\"\\s+name=\"([\\w.$]+)\"");
    private static final Pattern STACK_PROTOCOL = Pattern.compile("<((?:pbcast\\.)?[A-Z][A-Z0-9_]+)[\\s/>]");

    @Override
    public String getDescription() {
        return "Nodechecker's cluster: Infinispan and JGroups types they build by reflection";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        for (String name : CONFIGURED_BY_REFLECTION) {
            Class<?> type = access.findClassByName(name);
            if (type != null) {
                access.registerSubtypeReachabilityHandler((duringAnalysis, subtype) -> Reflection.registerWhole(subtype), type);
            }
        }
        Reflection.registerWhole(access, List.of(CREATED_BY_NAME));
        for (String service : SERVICES) {
            Reflection.registerWhole(access, providers(service));
        }
        Reflection.registerWhole(access, jgroupsClassesByName());
        // Loggers and message bundles, which JBoss Logging loads by the name of the interface they implement;
        // and exceptions, which a member that answers with one sends by class name (OutdatedTopologyException).
        Reflection.registerWhole(access, Reflection.classNames(access, name -> name.startsWith("org.infinispan.")
                && (name.endsWith("_$logger") || name.endsWith("_$bundle") || name.endsWith("Exception"))));
        // Infinispan finds a listener's callbacks by their annotations, on whatever class it is given.
        access.registerSubtypeReachabilityHandler((duringAnalysis, type) -> {
            if (type.isAnnotationPresent(Listener.class)) {
                Reflection.registerWhole(type);
            }
        }, Object.class);
        // The apps' data, which Jackson reads and writes: records and enums (they carry @RegisterForReflection,
        // which does not reach the arrays Jackson makes of them), and arrays of the JDK's types it fills.
        Reflection.registerWhole(access, Reflection.classNames(access, name -> name.startsWith("io.nodechecker.")
                && !name.contains(".nativeimage.")).stream().filter(name -> {
                    Class<?> type = access.findClassByName(name);
                    return type != null && (type.isRecord() || type.isEnum());
                }).toList());
        RuntimeReflection.register(String[].class, Object[].class, int[].class, long[].class, byte[].class,
                boolean[].class, double[].class);
        // What JavaSerializationMarshaller writes: the caches' keys and values (strings and bytes) and the
        // event filter that travels to a job's owners (JobEventFilter.allow).
        RuntimeSerialization.register(String.class, byte[].class, Long.class, Integer.class, Boolean.class,
                Number.class, access.findClassByName("io.nodechecker.cluster.JobEventFilter"));
    }

    /** The providers every jar on the build's class path names for a service. */
    private static List<String> providers(String service) {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> files = ClusterFeature.class.getClassLoader().getResources("META-INF/services/" + service);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String name = line.replaceFirst("#.*", "").strip();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * Classes JGroups loads by name: the headers and messages of jg-magic-map.xml, the protocols of
     * jg-protocol-ids.xml, and the protocols of the cluster's own stack, which its XML names by their simple names.
     */
    private static List<String> jgroupsClassesByName() {
        List<String> names = new ArrayList<>();
        for (String file : List.of("jg-magic-map.xml", "jg-protocol-ids.xml")) {
            Matcher classes = MAGIC_CLASS.matcher(resource(file));
            while (classes.find()) {
                names.add(classes.group(1));
            }
        }
        Matcher protocols = STACK_PROTOCOL.matcher(resource("nodechecker-jgroups.xml"));
        while (protocols.find()) {
            names.add("org.jgroups.protocols." + protocols.group(1));
        }
        return names;
    }

    private static String resource(String name) {
        try (InputStream in = ClusterFeature.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the native build's class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
