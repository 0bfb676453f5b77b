/**
 * The cluster member itself: the JGroups stack with its mutual TLS, the caches and how each is configured,
 * storage recovery and orderly shutdown, pauses, and repairs after a partition merges. The typed views of the
 * data are in {@code store}, the runner registry in {@code registry}.
 */
package io.nodechecker.cluster;
