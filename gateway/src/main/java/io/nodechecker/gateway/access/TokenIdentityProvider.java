package io.nodechecker.gateway.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a bearer token into who holds it: its fingerprint as the principal, {@link Roles#READER} and
 * {@link Roles#WRITER}, and {@link Roles#ADMIN} for an admin token. An unknown token fails.
 */
@ApplicationScoped
class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final AccessTokens tokens;

    TokenIdentityProvider(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        if (!tokens.known(token)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token"));
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(AccessTokens.fingerprint(token)))
                .addRole(Roles.READER).addRole(Roles.WRITER);
        if (tokens.admin(token)) {
            identity.addRole(Roles.ADMIN);
        }
        return Uni.createFrom().item(identity.build());
    }
}
