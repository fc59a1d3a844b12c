/**
 * Sample fetches and ACL matchers, mirroring HAProxy's keyword tables: a fetch extracts a value
 * from the traffic into a reusable {@link dev.bascule.api.sample.Sample} holder, a matcher
 * compiled once at load time tests it. Both run on event loops without allocating.
 */
package dev.bascule.api.sample;
