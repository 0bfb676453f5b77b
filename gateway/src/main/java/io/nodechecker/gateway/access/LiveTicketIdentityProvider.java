package io.nodechecker.gateway.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * A valid ticket makes its bearer a {@link Roles#READER} for the one request it came with, which the
 * authentication mechanism accepts only on that job's live path: a ticket reads nothing else.
 */
@ApplicationScoped
class LiveTicketIdentityProvider implements IdentityProvider<LiveTicketRequest> {

    private final LiveTickets tickets;

    LiveTicketIdentityProvider(LiveTickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public Class<LiveTicketRequest> getRequestType() {
        return LiveTicketRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(LiveTicketRequest request, AuthenticationRequestContext context) {
        if (!tickets.opens(request.ticket(), request.jobId(), Instant.now())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("live ticket refused"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("ticket:" + request.jobId())).addRole(Roles.READER).build());
    }
}
