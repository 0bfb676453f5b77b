package io.nodechecker.cluster;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigurationException;

import java.util.Locale;
import java.util.Optional;

/**
 * A secret a member must have to start outside development: without the cluster secret the cluster's
 * traffic is neither authenticated nor encrypted, without the runner secret a runner takes work from anyone.
 * A missing one stops the start with one sentence (Quarkus prints a {@link ConfigurationException}'s message
 * alone, without a stack trace); dev mode and tests may go without.
 */
public final class RequiredSecret {

    private RequiredSecret() {
    }

    /** Throws when {@code value} is missing and this is not dev mode or a test. */
    public static void require(Optional<String> value, String property, String withoutIt) {
        require(value, property, withoutIt, LaunchMode.current());
    }

    static void require(Optional<String> value, String property, String withoutIt, LaunchMode mode) {
        if (value.filter(secret -> !secret.isBlank()).isEmpty() && mode == LaunchMode.NORMAL) {
            throw new ConfigurationException(property + " is not set, and without it " + withoutIt + ". Set it, or "
                    + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
                    + ", to the same random value on every member (e.g. `openssl rand -hex 24`); ./nodechecker up makes one.");
        }
    }
}
