/**
 * The configuration-loader SPI. A loader turns named texts into an
 * {@link dev.bascule.api.config.LbConfig} and a list of
 * {@link dev.bascule.api.loader.Diagnostic}s; it never throws for a user's mistake.
 */
package dev.bascule.api.loader;
