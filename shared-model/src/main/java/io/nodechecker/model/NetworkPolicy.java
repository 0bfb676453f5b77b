package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Which phases of a job may use the network. Ordered from the most closed to the most open, so that
 * an operator's cap is a maximum.
 */
public enum NetworkPolicy {
    /** No network at all: only an uploaded package without dependencies can be tested. */
    NONE,
    /** fetch and install reach the registry; npm test runs cut off (the default). */
    INSTALL_ONLY,
    /** Every phase has the network. */
    FULL;

    /** Every {@link #wireName()}, as a regular expression for request checks; a test keeps the two in step. */
    public static final String WIRE_NAMES = "^(none|install-only|full)$";

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy named {@code none}, {@code install-only} or {@code full}; {@code null} for anything else. */
    @JsonCreator
    public static NetworkPolicy parse(String name) {
        for (NetworkPolicy policy : values()) {
            if (policy.wireName().equals(name)) {
                return policy;
            }
        }
        return null;
    }

    public NetworkPolicy atMost(NetworkPolicy cap) {
        return compareTo(cap) <= 0 ? this : cap;
    }
}
