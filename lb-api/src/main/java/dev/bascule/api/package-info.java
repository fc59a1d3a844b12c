/**
 * The Bascule plugin API: the {@link dev.bascule.api.Plugin} entry point and the factory SPIs it
 * returns. This package and its sub-packages depend on the JDK only, so a plugin compiled against
 * them is pinned to no third-party version.
 *
 * <p>Threading contract, shared by every SPI: factories and {@code create(...)} run on the control
 * plane (start-up, reload) and may allocate; the objects they create ({@code ServerPicker},
 * {@code SampleFetch}, {@code AclMatcher}) run on event-loop threads and must neither block nor
 * allocate per call.
 */
package dev.bascule.api;
