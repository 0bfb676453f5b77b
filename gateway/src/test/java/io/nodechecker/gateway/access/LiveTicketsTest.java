package io.nodechecker.gateway.access;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LiveTicketsTest {

    private final Instant now = Instant.parse("2026-11-27T12:00:00Z");
    private final LiveTickets tickets = new LiveTickets("k".repeat(32).getBytes());

    @Test
    void aTicketOpensItsJobUntilItExpires() {
        LiveTickets.Ticket ticket = tickets.issue("job-1", now);

        assertThat(tickets.opens(ticket.ticket(), "job-1", now.plusSeconds(59))).isTrue();
        assertThat(tickets.opens(ticket.ticket(), "job-1", now.plus(LiveTickets.TTL).plusSeconds(1))).isFalse();
        assertThat(ticket.expiresAt()).isEqualTo(now.plus(LiveTickets.TTL));
    }

    @Test
    void aTicketOpensNoOtherJobAndCannotBeForgedOrStretched() {
        String ticket = tickets.issue("job-1", now).ticket();
        String later = (now.plusSeconds(3600).getEpochSecond()) + ticket.substring(ticket.indexOf('.'));

        assertThat(tickets.opens(ticket, "job-2", now)).isFalse();
        assertThat(tickets.opens(later, "job-1", now.plusSeconds(120))).isFalse();
        assertThat(new LiveTickets("other-key-0123456789abcdef012345".getBytes()).opens(ticket, "job-1", now)).isFalse();
        assertThat(tickets.opens("garbage", "job-1", now)).isFalse();
        assertThat(tickets.opens(null, "job-1", now)).isFalse();
    }
}
