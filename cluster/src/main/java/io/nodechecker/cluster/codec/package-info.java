/** How records and output chunks are written into the caches: JSON for records, a compact binary form for output. */
package io.nodechecker.cluster.codec;
