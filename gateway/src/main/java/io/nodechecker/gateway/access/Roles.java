package io.nodechecker.gateway.access;

/**
 * What a caller may do, as roles of its {@code SecurityIdentity}: the HTTP permissions in
 * {@code application.properties} ask for them, path by path and method by method.
 */
public final class Roles {

    /** May read jobs, logs, history and live streams: everyone while reads are public, else token holders and ticket bearers. */
    public static final String READER = "reader";
    /** May create and cancel: holders of a configured token. */
    public static final String WRITER = "writer";
    /** May cancel anyone's jobs: holders of an admin token, and everyone on a gateway without tokens. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
