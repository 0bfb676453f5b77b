package io.nodechecker.runner.job;

/** The job was requeued or ended elsewhere while this runner ran it (it was thought lost). */
final class OwnershipLost extends RuntimeException {

    OwnershipLost() {
        super(null, null, false, false);
    }
}
