package io.nodechecker.gateway.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.problem.Problems;
import io.nodechecker.model.Problem;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who is asking, for REST and the live WebSocket alike: a bearer token ({@link TokenIdentityProvider}),
 * or on a job's live path a ticket for that job ({@code LiveTicketIdentityProvider}); without either,
 * an anonymous caller who is a {@link Roles#READER} while reads are public. A gateway without tokens
 * lets everyone do everything. What each role may do is set by the HTTP permissions in
 * {@code application.properties}; a refusal is a 401 problem body that says what was missing.
 */
@ApplicationScoped
public class BearerAuthentication implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private static final Pattern LIVE_PATH = Pattern.compile("^/api/jobs/([^/]+)/live$");
    private static final SecurityIdentity OPEN = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("open")).addRole(Roles.READER).addRole(Roles.WRITER).addRole(Roles.ADMIN).build();
    private static final SecurityIdentity PUBLIC_READER = QuarkusSecurityIdentity.builder()
            .setAnonymous(true).setPrincipal(new QuarkusPrincipal("")).addRole(Roles.READER).build();

    private final AccessTokens tokens;
    private final boolean publicRead;
    private final ObjectMapper mapper;

    BearerAuthentication(AccessTokens tokens, GatewayConfig config, ObjectMapper mapper) {
        this.tokens = tokens;
        this.publicRead = config.access().publicRead();
        this.mapper = mapper;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext rc, IdentityProviderManager identities) {
        String path = rc.normalizedPath();
        if (path.startsWith("/api/hooks/")) {
            // Hook deliveries carry their own proof (npm's signature, the notify token), checked by their resources.
            return anonymous();
        }
        if (tokens.open()) {
            return Uni.createFrom().item(OPEN);
        }
        String token = bearer(rc.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token != null) {
            return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                    new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), rc));
        }
        Matcher live = LIVE_PATH.matcher(path);
        String ticket = rc.request().getParam("ticket");
        if (ticket != null && live.matches()) {
            return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                    new LiveTicketRequest(ticket, live.group(1)), rc));
        }
        return anonymous();
    }

    private Uni<SecurityIdentity> anonymous() {
        return publicRead ? Uni.createFrom().item(PUBLIC_READER) : Uni.createFrom().nullItem();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext rc) {
        return Uni.createFrom().item(new ChallengeData(401, WWW_AUTHENTICATE, "Bearer"));
    }

    /** The challenge with a problem body that says what was missing or wrong. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext rc) {
        String detail;
        if (bearer(rc.request().getHeader(HttpHeaders.AUTHORIZATION)) != null) {
            detail = "the bearer token is not one this gateway knows";
        } else if (rc.request().getParam("ticket") != null && LIVE_PATH.matcher(rc.normalizedPath()).matches()) {
            detail = "the ticket is not one for this job, or it has expired: ask GET /api/jobs/{id}/live-ticket for a new one";
        } else {
            detail = "this request needs an Authorization: Bearer <token> header";
        }
        rc.response().putHeader(WWW_AUTHENTICATE, "Bearer");
        Problems.send(rc, Problem.of(401, "Unauthorized", detail), mapper);
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class, LiveTicketRequest.class);
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
