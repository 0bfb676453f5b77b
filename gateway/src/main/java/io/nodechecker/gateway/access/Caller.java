package io.nodechecker.gateway.access;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is asking, as the jobs it makes remember it: {@code owner} is its token's fingerprint (null
 * without a token); {@code admin} may change any job.
 */
public record Caller(String owner, boolean admin) {

    public static Caller of(SecurityIdentity identity) {
        String name = identity.isAnonymous() ? null : identity.getPrincipal().getName();
        return new Caller(name != null && name.startsWith("token:") ? name : null, identity.hasRole(Roles.ADMIN));
    }

    /** Whether this caller may change (cancel) a job created by {@code jobOwner}. */
    public boolean mayChange(String jobOwner) {
        return admin || (owner != null && owner.equals(jobOwner));
    }
}
