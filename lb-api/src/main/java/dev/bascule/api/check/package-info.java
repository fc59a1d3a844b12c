/**
 * The health-check SPI. A check only probes: the core owns scheduling ({@code inter},
 * {@code fastinter}, {@code downinter}), the {@code rise}/{@code fall} thresholds, deadlines and
 * state transitions, and hands the check a non-blocking {@link dev.bascule.api.check.ProbeClient}.
 */
package dev.bascule.api.check;
