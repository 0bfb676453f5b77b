/** Experiments across Node lines in crater's categories, their reports and schedules, and the ecosystem board. */
package io.nodechecker.gateway.experiment;
