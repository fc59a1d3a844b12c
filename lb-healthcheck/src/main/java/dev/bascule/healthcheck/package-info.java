/**
 * The built-in health checks, packaged and loaded exactly like a third-party plugin: this
 * module sees only {@code dev.bascule.api}. A check only probes; scheduling, thresholds and
 * state changes belong to the core.
 */
package dev.bascule.healthcheck;
