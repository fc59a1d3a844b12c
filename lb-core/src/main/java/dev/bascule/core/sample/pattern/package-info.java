/**
 * Pattern references ({@code struct pat_ref}): the map and ACL pattern files of a configuration,
 * numbered as HAProxy numbers them, changed at run time by the runtime API and compiled by their
 * users into snapshots the event loops read. Internal: may change at any time.
 */
package dev.bascule.core.sample.pattern;
