/**
 * The counters of frontends, backends and servers, and the statistics page built from them
 * (HAProxy's {@code stats uri}: its CSV and HTML forms). Internal to Bascule: may change at any time.
 */
package dev.bascule.core.stats;
