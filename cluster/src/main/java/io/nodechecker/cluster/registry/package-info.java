/** The replicated registry of runners: who can take work, on which Node lines, and how busy each is. */
package io.nodechecker.cluster.registry;
