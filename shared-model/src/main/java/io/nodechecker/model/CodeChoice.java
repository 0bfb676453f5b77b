package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a job request asks to test: {@code auto} (the tarball when it carries its tests, else the
 * repository), the registry's {@code tarball}, or the {@code repository} at the version's commit.
 */
public enum CodeChoice {
    AUTO, TARBALL, REPOSITORY;

    /** The accepted wire names, as a pattern for request constraints. */
    public static final String WIRE_NAMES = "auto|tarball|repository";

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The choice a wire name stands for; {@code auto} for null. */
    @JsonCreator
    public static CodeChoice of(String wireName) {
        if (wireName == null) {
            return AUTO;
        }
        return Arrays.stream(values()).filter(choice -> choice.wireName().equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("code must be " + WIRE_NAMES.replace("|", ", ")));
    }
}
