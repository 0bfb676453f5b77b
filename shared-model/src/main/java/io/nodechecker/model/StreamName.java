package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which stream a chunk of output came from; {@code SYSTEM} lines are Nodechecker's own. */
public enum StreamName {
    STDOUT, STDERR, SYSTEM;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }
}
