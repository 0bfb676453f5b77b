/** A package tarball's manifest, read under size bounds, for the gateway and the runner alike. */
package io.nodechecker.cluster.manifest;
