/**
 * Health-check scheduling: HAProxy's {@code inter}/{@code fastinter}/{@code downinter} timing,
 * its {@code rise}/{@code fall} state machine, and the transitions it reports. The checks
 * themselves are plugins; they probe through the transport's {@link dev.bascule.api.check.ProbeClient}.
 * Internal: may change at any time.
 */
package dev.bascule.core.check;
