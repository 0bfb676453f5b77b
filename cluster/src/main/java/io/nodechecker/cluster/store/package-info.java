/**
 * Typed stores over the distributed caches: jobs and their output, batches, experiments, package histories,
 * the open-jobs index and queue order, watches, deliveries, rate limits; changed with compare-and-set.
 */
package io.nodechecker.cluster.store;
