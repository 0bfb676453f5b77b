package io.nodechecker.gateway.access;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A live-stream ticket presented on the live path of job {@code jobId} ({@link LiveTickets}). */
public final class LiveTicketRequest extends BaseAuthenticationRequest {

    private final String ticket;
    private final String jobId;

    public LiveTicketRequest(String ticket, String jobId) {
        this.ticket = ticket;
        this.jobId = jobId;
    }

    String ticket() {
        return ticket;
    }

    String jobId() {
        return jobId;
    }
}
