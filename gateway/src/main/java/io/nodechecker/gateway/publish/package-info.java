/**
 * Testing what is published: npm hooks, a registry's notifications, the watch list polled with ETags, and the
 * replication feed; each new version queued once cluster-wide (Publishes).
 */
package io.nodechecker.gateway.publish;
